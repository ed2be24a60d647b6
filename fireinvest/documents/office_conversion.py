"""Laying out a Word document with LibreOffice: .docx in, PDF out.

Qt cannot render .docx, and a preview that only approximates Word's layout would not show "exactly what will
print". LibreOffice (Writer, headless) lays the document out the way a word processor will, so the print preview and
printing of documents go through it. It is found on PATH, at its usual install places, or where
FIREINVEST_SOFFICE points. Each conversion runs with its own throw-away user profile so that a LibreOffice window
the user has open, or a stale lock in their profile, cannot make the conversion hang or fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from fireinvest.errors import FireInvestError

_CANDIDATES = (
    "soffice",
    "libreoffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/opt/libreoffice/program/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
CONVERSION_TIMEOUT_SECONDS = 180  # a dossier of several hundred pages takes LibreOffice about a minute


class OfficeUnavailable(FireInvestError):
    """No LibreOffice on this workstation."""


def find_office() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    configured = os.environ.get("FIREINVEST_SOFFICE")
    for candidate in ([configured] if configured else []) + list(_CANDIDATES):
        found = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
        if found:
            return found
    return None


def docx_to_pdf(docx: bytes, *, name: str = "document") -> bytes:
    """The PDF LibreOffice makes of a .docx; a clear error when LibreOffice is missing, fails or hangs."""
    return docx_to_pdfs([docx], missing=PREVIEW_NEEDS_OFFICE, name=name)[0]


def page_counts(documents: Sequence[bytes], *, missing: str) -> list[int]:
    """How many pages LibreOffice lays each .docx out on, all in one run of LibreOffice (its start-up is most of
    the time a short document takes). `missing` is the message when LibreOffice is not installed."""
    import pypdfium2  # imported here: only layouts need it, and the program starts without it

    counts = []
    for pdf in docx_to_pdfs(documents, missing=missing):
        document = pypdfium2.PdfDocument(pdf)
        try:
            counts.append(len(document))
        finally:
            document.close()
    return counts


PREVIEW_NEEDS_OFFICE = (
    "预览和打印 Word 文书需要 LibreOffice，本机未找到。请安装 LibreOffice，"
    "或设置环境变量 FIREINVEST_SOFFICE 指向 soffice 程序；也可以导出 .docx 后用 Word 打开打印。"
)


def docx_to_pdfs(documents: Sequence[bytes], *, missing: str, name: str = "document") -> list[bytes]:
    """The PDF of each .docx, in order, laid out in one run of LibreOffice."""
    office = find_office()
    if office is None:
        raise OfficeUnavailable(missing)
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="fireinvest-office-") as folder:
        work = Path(folder)
        sources = [work / f"{name}-{number}.docx" for number in range(1, len(documents) + 1)]
        for source, docx in zip(sources, documents):
            source.write_bytes(docx)
        command = [office, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work), *map(str, sources)]  # fmt: skip
        try:
            finished = subprocess.run(command, capture_output=True, timeout=CONVERSION_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise FireInvestError(f"LibreOffice 在 {CONVERSION_TIMEOUT_SECONDS} 秒内没有完成排版，已放弃。") from None
        except OSError as exc:
            raise OfficeUnavailable(f"无法启动 LibreOffice（{office}）：{exc.strerror or exc}。") from None
        results = [source.with_suffix(".pdf") for source in sources]
        if finished.returncode != 0 or not all(result.is_file() for result in results):
            message = (finished.stderr or finished.stdout).decode(errors="replace").strip()[:300]
            raise FireInvestError(f"LibreOffice 未能把文书转换为 PDF：{message or '没有输出'}")
        return [result.read_bytes() for result in results]
