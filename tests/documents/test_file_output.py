"""The one way generated files are written: through a temporary file renamed into place, never half a file, with
the operating system's refusal said in Chinese."""

from __future__ import annotations

import io

import pytest

from fireinvest.errors import FireInvestError
from fireinvest.files import os_error_reason, replacing, write_output


def test_a_written_file_replaces_the_older_one_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "卷宗.docx"
    target.write_bytes(b"older")
    assert write_output(target, lambda stream: stream.write(b"newer"), "Word") == 5
    assert target.read_bytes() == b"newer"
    assert [p.name for p in tmp_path.iterdir()] == ["卷宗.docx"]


def test_a_failure_keeps_the_older_file_and_removes_the_temporary(tmp_path):
    target = tmp_path / "labels.pdf"
    target.write_bytes(b"older")

    def broken(stream) -> None:
        stream.write(b"half")
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError, match="render failed"):
        write_output(target, broken, "PDF 阅读器")
    assert target.read_bytes() == b"older"
    assert [p.name for p in tmp_path.iterdir()] == ["labels.pdf"]


def test_an_unwritable_place_is_named_with_a_chinese_reason(tmp_path):
    with pytest.raises(FireInvestError, match="无法写入“.*cases.xlsx”：文件夹不存在。"):
        with replacing(tmp_path / "no-such-folder" / "cases.xlsx", "Excel") as temporary:
            temporary.open("xb").close()
    assert list(tmp_path.iterdir()) == []


def test_a_stream_is_written_as_it_is():
    stream = io.BytesIO()
    write_output(stream, lambda s: s.write(b"%PDF"), "PDF 阅读器")
    assert stream.getvalue() == b"%PDF"


def test_reasons_name_the_program_that_may_hold_the_file():
    assert os_error_reason(PermissionError(13, "denied"), "Word") == "没有写入权限，或文件正被其他程序（例如 Word）打开"
    assert os_error_reason(PermissionError(13, "denied"), "Excel", reading=True).startswith("没有读写权限")
    assert os_error_reason(FileNotFoundError(2, "missing"), "Excel", reading=True) == "文件或文件夹不存在"
    assert os_error_reason(IsADirectoryError(21, "dir"), "Word") == "这是一个文件夹，不是文件"
    assert os_error_reason(OSError(28, "No space left on device"), "Word") == "No space left on device"
