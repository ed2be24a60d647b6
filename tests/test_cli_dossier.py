"""`fireinvest export dossier|summary`, run as a user would, next to the older `fireinvest export FILE`."""

from __future__ import annotations

import io
import json

from docx import Document
from pypdf import PdfReader
from sqlalchemy import text

from tests.archive.dossier_case import build_dossier_case
from tests.test_cli import run


def test_export_dossier_and_summary(capsys, db, actor, database_url, tmp_path):
    case = build_dossier_case(db, actor, photos=2)
    target = tmp_path / "卷宗.docx"
    code, out, err = run(capsys, "--database", database_url, "export", "dossier", case.case_number, "--out",
                         str(target), "--checked-by", "李强")  # fmt: skip
    assert (code, err) == (0, "")
    assert f"已生成案件 {case.case_number} 的卷宗：{target}" in out and "共 5 件" in out and "保管期限 30年" in out
    document = Document(str(target))
    texts = ["".join(p.xpath(".//w:t/text()")) for p in document.element.body.xpath(".//w:p")]
    assert "卷 内 目 录" in texts and any(t.startswith("检查人：李强") for t in texts)

    summary = tmp_path / "摘要.pdf"
    code, out, err = run(capsys, "--database", database_url, "export", "summary", case.case_number, "--out",
                         str(summary))  # fmt: skip
    assert (code, err) == (0, "") and out.strip() == f"已生成案件 {case.case_number} 的摘要：{summary}（1 页）"
    reader = PdfReader(io.BytesIO(summary.read_bytes()))
    assert case.case_number in reader.pages[0].extract_text()


def test_errors_are_named_and_exit_non_zero(capsys, db, actor, database_url, tmp_path):
    case = build_dossier_case(db, actor, photos=2)
    code, out, err = run(capsys, "--database", database_url, "export", "dossier", "320100-2026-99999", "--out",
                         str(tmp_path / "a.docx"))  # fmt: skip
    assert (code, out) == (1, "") and "没有编号为“320100-2026-99999”的案件" in err
    code, _out, err = run(capsys, "--database", database_url, "export", "summary", case.case_number, "--out",
                          str(tmp_path / "没有这个文件夹" / "a.pdf"))  # fmt: skip
    assert code == 1 and "无法写入" in err and "文件夹不存在" in err
    code, _out, err = run(capsys, "--database", database_url, "export", "dossier", case.case_number, "--out",
                          str(tmp_path / "a.pdf"))  # fmt: skip
    assert code == 1 and "应以 .docx 结尾" in err
    code, _out, err = run(capsys, "--database", database_url, "export", "dossier", case.case_number)
    assert code == 1 and "用法：fireinvest export dossier CASE_NUMBER --out FILE.docx" in err
    code, _out, err = run(capsys, "--database", database_url, "export", "summary", case.case_number, "--out",
                          str(tmp_path / "a.pdf"), "--year", "2026")  # fmt: skip
    assert code == 1 and "不接受 --year" in err

    photo = case.photos[1]
    with db.writing() as session:
        session.execute(text("DELETE FROM attachment_chunks WHERE sha256 = :sha"), {"sha": photo.sha256})
    target = tmp_path / "卷宗.docx"
    code, _out, err = run(capsys, "--database", database_url, "export", "dossier", case.case_number, "--out",
                          str(target))  # fmt: skip
    assert code == 1 and photo.original_name in err and "已损坏" in err
    assert not target.exists() and not list(tmp_path.glob(".*.partial"))


def test_export_of_cases_to_a_file_is_unchanged(capsys, db, actor, database_url, tmp_path):
    build_dossier_case(db, actor, photos=0)
    path = tmp_path / "cases.json"
    code, out, err = run(capsys, "--database", database_url, "export", str(path))
    assert (code, err) == (0, "") and out.strip() == f"已导出 1 个案件到 {path}。"
    assert len(json.loads(path.read_text(encoding="utf-8"))["cases"]) == 1
    code, _out, err = run(capsys, "--database", database_url, "export", str(path), "320100-2026-00001")
    assert code == 1 and "export dossier|summary" in err


def test_a_first_export_lays_the_documents_out_and_records_their_page_counts(capsys, db, actor, database_url,
                                                                               tmp_path, monkeypatch):  # fmt: skip
    from fireinvest.documents import office_conversion

    case = build_dossier_case(db, actor, photos=0, record_page_counts=False)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "卷宗.docx"
    arguments = ("--database", database_url, "export", "dossier", case.case_number, "--out", str(target))
    # Without LibreOffice the page numbers cannot be known: refused, with what to install, and no file.
    with monkeypatch.context() as without_office:
        without_office.setenv("PATH", "/nonexistent")
        without_office.delenv("FIREINVEST_SOFFICE", raising=False)
        without_office.setattr(office_conversion, "_CANDIDATES", ("soffice",))
        code, out, err = run(capsys, *arguments)
    assert code != 0 and "需要用 LibreOffice 排版" in err and "Traceback" not in err
    assert not list(target.parent.iterdir())  # not even a temporary file
    if office_conversion.find_office() is None:
        return
    code, out, err = run(capsys, *arguments)
    assert (code, err) == (0, "") and "卷内文件 7 页" in out
    with db.engine.connect() as connection:
        counts = connection.execute(text("SELECT id, page_count FROM issued_documents ORDER BY id")).all()
    recorded = {row.id: row.page_count for row in counts}
    assert [recorded[d.id] for d in case.documents] == list(case.pages)
