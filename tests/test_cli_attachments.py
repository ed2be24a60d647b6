"""`fireinvest attachments …` run as a user would: what it prints, its exit code, and what it stored."""

from __future__ import annotations

import hashlib

from sqlalchemy import text

from fireinvest.services import cases
from tests.factories import make_draft, make_photo
from tests.test_cli import run


def make_case(workstation) -> str:
    return cases.create_case(workstation, make_draft()).value.case_number


def execute(db, statement: str, **params) -> None:
    """Damage the stored files behind the program's back, as a failing disk or a careless administrator would."""
    with db.writing() as session:
        session.execute(text(statement), params)


def test_add_list_export_and_verify(capsys, database_url, workstation, tmp_path):
    number = make_case(workstation)
    photo, report = tmp_path / "起火点.jpg", tmp_path / "检验报告.pdf"
    photo.write_bytes(make_photo())
    report.write_bytes(b"%PDF-1.4 report")
    code, out, err = run(capsys, "--database", database_url, "attachments", "add", number, str(photo), str(report),
                         "--caption", "现场")  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == f"已为案件 {number} 添加 2 个附件。"
    assert hashlib.sha256(photo.read_bytes()).hexdigest() in out

    code, out, _err = run(capsys, "--database", database_url, "attachments", "list", number)
    lines = out.splitlines()
    assert code == 0 and lines[-1] == "共 2 个附件。"
    assert "照片  起火点.jpg" in lines[0] and "拍摄于 2026-03-01 09:55" in lines[0] and lines[0].endswith("现场")
    attachment_id = lines[0].split()[0]

    target = tmp_path / "导出" / "copy.jpg"
    target.parent.mkdir()
    code, out, _err = run(capsys, "--database", database_url, "attachments", "export", attachment_id, str(target))
    assert code == 0 and "SHA-256 与登记时一致" in out
    assert target.read_bytes() == photo.read_bytes()

    code, out, err = run(capsys, "--database", database_url, "attachments", "verify")
    assert (code, err) == (0, "")
    assert out.strip().startswith("已核对 2 份文件内容") and out.strip().endswith("全部与登记时的 SHA-256 一致。")


def test_verify_names_missing_and_altered_files_and_exits_1(capsys, database_url, db, workstation, tmp_path):
    number = make_case(workstation)
    for name, data in (("缺块.jpg", make_photo((300, 200))), ("改动.pdf", b"%PDF-1.4 original")):
        (tmp_path / name).write_bytes(data)
    assert run(capsys, "--database", database_url, "attachments", "add", number,
               str(tmp_path / "缺块.jpg"), str(tmp_path / "改动.pdf"))[0] == 0  # fmt: skip
    digest = hashlib.sha256(b"%PDF-1.4 original").hexdigest()
    execute(db, "UPDATE attachment_chunks SET data = :data WHERE sha256 = :sha", data=b"%PDF-1.4 forged!",
            sha=digest)  # fmt: skip
    execute(db, "DELETE FROM attachment_chunks WHERE sha256 <> :sha", sha=digest)

    code, out, err = run(capsys, "--database", database_url, "attachments", "verify")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert any("缺块.jpg" in line and number in line and "缺少第 1 块" in line for line in lines)
    assert any("改动.pdf" in line and number in line and "已被改动" in line for line in lines)
    assert lines[-1].endswith("2 个附件的内容缺失或被改动，见上。")


def test_add_refuses_a_missing_file_and_stores_nothing(capsys, database_url, workstation, tmp_path):
    number = make_case(workstation)
    (tmp_path / "a.jpg").write_bytes(make_photo())
    code, out, err = run(capsys, "--database", database_url, "attachments", "add", number, str(tmp_path / "a.jpg"),
                         str(tmp_path / "不存在.jpg"))  # fmt: skip
    assert (code, out) == (1, "")
    assert err.startswith("错误：无法读取文件") and "不存在.jpg" in err
    code, out, _err = run(capsys, "--database", database_url, "attachments", "list", number)
    assert (code, out.strip()) == (0, "共 0 个附件。")
    code, _out, err = run(capsys, "--database", database_url, "attachments", "add", "320100-2026-99999",
                          str(tmp_path / "a.jpg"))  # fmt: skip
    assert code == 1 and "没有编号为“320100-2026-99999”的案件" in err
