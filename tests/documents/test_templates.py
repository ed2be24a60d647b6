"""The Word templates: shipped for every kind and in step with the script that authors them, and a broken one
(an unknown field, a tag Jinja cannot read, not a Word file) reported clearly — naming the template and the tag —
with nothing issued."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import func, select

from fireinvest.documents.issuing import issue_document, preview_document
from fireinvest.documents.word.render import TEMPLATES_ENV, TemplateProblem, template_path
from fireinvest.models import DocumentNumber, IssuedDocument
from fireinvest.reference_files import resource_path
from fireinvest.services.documents.kinds import document_kinds
from tests.documents.docx_reading import body_text, open_docx

ROOT = Path(__file__).resolve().parents[2]


def test_every_kind_has_its_template():
    for kind in document_kinds():
        assert template_path(kind.template).is_file(), kind.template


def test_shipped_templates_are_what_the_script_writes(tmp_path):
    """The .docx files in resources/templates are the script's output, part for part (zip dates aside)."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_templates.py"), str(tmp_path)], check=True,
                   capture_output=True)  # fmt: skip
    for kind in document_kinds():
        shipped, written = (
            zipfile.ZipFile(resource_path("templates", kind.template)),
            zipfile.ZipFile(tmp_path / kind.template),
        )
        assert shipped.namelist() == written.namelist()
        for name in shipped.namelist():
            assert shipped.read(name) == written.read(name), f"{kind.template}: {name}"


def broken_copy(folder: Path, name: str, old: str, new: str) -> None:
    """An installation's own copy of a shipped template with one paragraph's text replaced."""
    document = Document(str(resource_path("templates", name)))
    paragraph = next(p for p in document.paragraphs if old in p.text)
    text = paragraph.text.replace(old, new)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text
    folder.mkdir(parents=True, exist_ok=True)
    document.save(str(folder / name))


def counts(db) -> tuple[int, int]:
    with db.reading() as session:
        return (session.scalar(select(func.count()).select_from(DocumentNumber)),
                session.scalar(select(func.count()).select_from(IssuedDocument)))  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("{{r case.ignition_time|field }}", "{{r case.ignition_tiem|field }}",
         ["“起火时间：{{r case.ignition_tiem|field }}”", "没有名为“ignition_tiem”的数据"]),
        ("{{ case.grade }}", "{{ grade_of_fire }}", ["“火灾等级：{{ grade_of_fire }}”", "“grade_of_fire”"]),
        ("{{ case.grade }}", "{{ case.grade }", ["“火灾等级：{{ case.grade }”", "没有闭合"]),
        ("{{ case.grade }}", "{{ case..grade }}", ["“火灾等级：{{ case..grade }}”", "写法有误"]),
        ("{%p endif %}", "{%p endiff %}", ["“{%p endiff %}”", "endiff"]),
    ],
)  # fmt: skip
def test_a_broken_placeholder_names_the_template_and_the_field(db, workstation, built, tmp_path, monkeypatch, old,
                                                              new, named):  # fmt: skip
    broken_copy(tmp_path / "own", "determination.docx", old, new)
    monkeypatch.setenv(TEMPLATES_ENV, str(tmp_path / "own"))
    with pytest.raises(TemplateProblem) as caught:
        preview_document(workstation, built.id, "determination")
    message = caught.value.message
    assert caught.value.template == "determination.docx" and "文书模板“determination.docx”" in message
    for text in named:
        assert text in message, message
    # Issuing with it fails the same way and leaves no number used and nothing recorded.
    with pytest.raises(TemplateProblem):
        issue_document(workstation, built.id, "determination")
    assert counts(db) == (0, 0)
    monkeypatch.delenv(TEMPLATES_ENV)
    assert issue_document(workstation, built.id, "determination").value.number_text == "某消火认字〔2026〕第0001号"


def test_an_installation_copy_wins_over_the_shipped_template(workstation, built, tmp_path, monkeypatch):
    broken_copy(tmp_path / "own", "determination.docx", "五、复核告知", "五、复核权利告知")
    monkeypatch.setenv(TEMPLATES_ENV, str(tmp_path / "own"))
    assert "五、复核权利告知" in body_text(open_docx(preview_document(workstation, built.id, "determination")))


def test_a_template_that_is_not_a_word_file(workstation, built, tmp_path, monkeypatch):
    own = tmp_path / "own"
    own.mkdir()
    (own / "determination.docx").write_bytes(b"not a zip at all")
    monkeypatch.setenv(TEMPLATES_ENV, str(own))
    with pytest.raises(TemplateProblem) as caught:
        preview_document(workstation, built.id, "determination")
    assert "“determination.docx”不是有效的 Word" in caught.value.message


def test_a_missing_template_is_named():
    with pytest.raises(TemplateProblem) as caught:
        template_path("no_such_kind.docx")
    assert "“no_such_kind.docx”不存在" in caught.value.message


def test_edited_templates_in_the_data_folder_win_without_any_setting(workstation, built, tmp_path, monkeypatch):
    monkeypatch.delenv(TEMPLATES_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # where platformdirs puts the user's data folder
    broken_copy(tmp_path / "data" / "FireInvest" / "templates", "determination.docx", "五、复核告知", "五、复核须知")
    assert "五、复核须知" in body_text(open_docx(preview_document(workstation, built.id, "determination")))


@pytest.mark.parametrize(
    "tag",
    [
        "{{ cycler.__init__.__globals__.os.system('touch MARK') }}",
        "{{ case.__class__.__mro__[-1].__subclasses__() }}",
        "{{ case.grade.__class__.__base__.__subclasses__() }}",
        "{{ lipsum.__globals__['os'].popen('touch MARK').read() }}",
    ],
)
def test_an_edited_template_with_an_unsafe_tag_runs_nothing(db, workstation, built, tmp_path, monkeypatch, tag):
    """Templates may sit on a shared folder: a tag that reaches Python's internals is refused, and nothing runs."""
    mark = tmp_path / "MARK"
    monkeypatch.chdir(tmp_path)  # where `touch MARK` would leave its file
    broken_copy(tmp_path / "own", "determination.docx", "{{ case.grade }}", tag)
    monkeypatch.setenv(TEMPLATES_ENV, str(tmp_path / "own"))
    for attempt in (lambda: preview_document(workstation, built.id, "determination"),
                    lambda: issue_document(workstation, built.id, "determination")):  # fmt: skip
        with pytest.raises(TemplateProblem) as caught:
            attempt()
        assert "不安全" in caught.value.message and f"“{tag}”" in caught.value.message, caught.value.message
    assert not mark.exists()
    assert counts(db) == (0, 0)
