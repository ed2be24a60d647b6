"""Evidence labels as a reader and a scanner meet them: A4 pages, the text on them, QR codes that decode to the
evidence numbers, and the command that writes them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import zxingcpp

from fireinvest.cli.main import main
from fireinvest.documents import fonts
from fireinvest.documents.evidence_labels import evidence_labels_pdf
from fireinvest.errors import NotFound, ValidationFailed
from fireinvest.services import cases, evidence
from tests.factories import local, make_draft

A4_POINTS = (595.28, 841.89)
ITEMS = ["导线熔痕", "插座残骸", "冰箱压缩机启动继电器"]
RENDER_DPI = 150


@pytest.fixture
def case(workstation) -> tuple[int, str, list[str]]:
    """A case with three items; returns its id, its number and the evidence numbers."""
    created = cases.create_case(workstation, make_draft()).value
    numbers = []
    for minute, name in enumerate(ITEMS):
        draft = evidence.EvidenceDraft(name, local(2026, 3, 1, 14, minute), "张明", witness="王某某",
                                       seal_number=f"FZ-00{minute + 1}")  # fmt: skip
        numbers.append(evidence.register_evidence(workstation, created.id, draft).value.evidence_number)
    return created.id, created.case_number, numbers


@pytest.fixture
def out_dir(tmp_path) -> Path:
    """An empty folder for written files (tmp_path also holds the test's SQLite database)."""
    directory = tmp_path / "out"
    directory.mkdir()
    return directory


def labels_pdf(workstation, case_id: int, **options) -> tuple[int, bytes]:
    stream = io.BytesIO()
    count = evidence_labels_pdf(workstation, case_id, stream, **options)
    return count, stream.getvalue()


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def decoded_qr_codes(data: bytes) -> list[tuple[str, float]]:
    """Each QR code found on the rendered pages: its payload and its printed width in millimetres."""
    found = []
    document = pypdfium2.PdfDocument(data)
    for page in document:
        image = page.render(scale=RENDER_DPI / 72).to_pil()
        for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            corners = result.position
            width_px = corners.top_right.x - corners.top_left.x
            found.append((result.text, width_px / RENDER_DPI * 25.4))
    document.close()
    return found


@pytest.mark.parametrize(("per_page", "pages"), [(1, 3), (8, 1)])
def test_labels_fill_a4_pages(workstation, case, per_page, pages):
    count, data = labels_pdf(workstation, case[0], per_page=per_page)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert count == 3
    assert len(reader.pages) == pages
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=0.1)


def test_label_text_is_real_text(workstation, case):
    case_id, case_number, numbers = case
    _count, data = labels_pdf(workstation, case_id, per_page=1)
    texts = page_texts(data)
    for text, name, number in zip(texts, ITEMS, numbers):
        assert "火灾痕迹物品标签" in text
        assert "某市消防救援支队" in text  # the shipped default agency name
        assert case_number in text and "玄武区中山路100号3栋502室" in text.replace("\n", "")
        assert name in text and number in text
        assert "封存人签名" in text and "见证人签名" in text and "日期" in text
    # Collected at 14:00 Shanghai time, stored in UTC: shown in the agency's zone again.
    assert "2026-03-01 14:00" in texts[0] and "FZ-001" in texts[0] and "张明" in texts[0]


@pytest.mark.parametrize("per_page", [1, 8])
def test_qr_codes_decode_to_the_evidence_numbers_and_are_big_enough(workstation, case, per_page):
    _count, data = labels_pdf(workstation, case[0], per_page=per_page)
    found = decoded_qr_codes(data)
    assert sorted(text for text, _width in found) == sorted(case[2])
    assert all(width >= 25 for _text, width in found), found


def test_chosen_items_are_printed_in_the_order_given(workstation, case):
    records = evidence.list_evidence(workstation, case[0])
    count, data = labels_pdf(workstation, case[0], per_page=1, item_ids=[records[2].id, records[0].id, records[2].id])
    texts = page_texts(data)
    assert count == 2 and len(texts) == 2
    assert ITEMS[2] in texts[0] and ITEMS[0] in texts[1]


def test_items_of_another_case_are_refused(workstation, case):
    with pytest.raises(NotFound, match="没有内部编号为 999999 的物证"):
        labels_pdf(workstation, case[0], item_ids=[999999])


def test_a_case_without_evidence_has_no_labels(workstation, out_dir):
    empty = cases.create_case(workstation, make_draft()).value.id
    target = out_dir / "labels.pdf"
    with pytest.raises(ValidationFailed, match="还没有登记物证"):
        evidence_labels_pdf(workstation, empty, target)
    assert list(out_dir.iterdir()) == []


def test_an_unsupported_count_per_page_is_refused_and_an_older_file_kept(workstation, case, tmp_path):
    target = tmp_path / "labels.pdf"
    target.write_bytes(b"older labels")
    with pytest.raises(ValidationFailed, match="每页标签数只能是"):
        evidence_labels_pdf(workstation, case[0], target, per_page=3)
    assert target.read_bytes() == b"older labels"


def test_a_path_is_replaced_whole(workstation, case, out_dir):
    target = out_dir / "labels.pdf"
    target.write_bytes(b"older labels")
    assert evidence_labels_pdf(workstation, case[0], target, per_page=4) == 3
    assert len(pypdf.PdfReader(target).pages) == 1
    assert [p.name for p in out_dir.iterdir()] == ["labels.pdf"]  # no temporary file left behind


def test_without_a_truetype_font_the_cid_font_still_gives_text(workstation, case, monkeypatch):
    monkeypatch.setattr(fonts, "candidate_files", list)
    fonts.cjk_font.cache_clear()
    try:
        assert fonts.cjk_font() == fonts.PdfFont(fonts.CID_FALLBACK, fonts.CID_FALLBACK, embedded=False)
        _count, data = labels_pdf(workstation, case[0])
    finally:
        fonts.cjk_font.cache_clear()
    assert "火灾痕迹物品标签" in page_texts(data)[0] and case[2][0] in page_texts(data)[0]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_command_writes_the_labels(capsys, database_url, case, tmp_path):
    _case_id, case_number, numbers = case
    out_file = tmp_path / "标签.pdf"
    code, out, err = run(capsys, "--database", database_url, "evidence", "labels", case_number, "--out",
                         str(out_file), "--per-page", "1", "--item", numbers[1])  # fmt: skip
    assert (code, err) == (0, "")
    assert out.strip() == f"已生成 1 张物证标签：{out_file}"
    assert [numbers[1] in text for text in page_texts(out_file.read_bytes())] == [True]


def test_command_refuses_an_unknown_case_or_item(capsys, database_url, case, tmp_path):
    out_file = tmp_path / "labels.pdf"
    command = ["--database", database_url, "evidence", "labels"]
    code, out, err = run(capsys, *command, "不存在-0001", "--out", str(out_file))
    assert (code, out) == (1, "")
    assert err.strip() == "错误：没有编号为“不存在-0001”的案件。"
    code, _out, err = run(capsys, *command, case[1], "--out", str(out_file), "--item", "320100-WZ-2026-9999")
    assert code == 1 and "没有编号为“320100-WZ-2026-9999”的物证" in err
    assert not out_file.exists()


def test_command_lists_the_evidence(capsys, database_url, case):
    code, out, _err = run(capsys, "--database", database_url, "evidence", "list", case[1])
    assert code == 0 and out.rstrip().endswith("共 3 件物证。")
    assert case[2][0] in out and "在管" in out and "张明" in out
    code, out, _err = run(capsys, "--database", database_url, "evidence", "list", case[1], "--json")
    items = json.loads(out)
    assert [(i["evidence_number"], i["status_label"], i["holder"]) for i in items] == [
        (number, "在管", "张明") for number in case[2]
    ]
