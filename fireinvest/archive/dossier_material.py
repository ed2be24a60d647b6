"""The material pages of the dossier: a scene drawing, a laboratory report or an expert review's signed opinion,
printed from its attachment, one picture a page, each page captioned with what it is and where it stands in it.

A picture prints as the picture (its print copy from intake when it has one); a PDF prints page by page, each page
rendered at PDF_DPI by PDFium. A file that cannot be read prints as one page saying so: the volume still says
what belongs there, and the original stays in the electronic archive.
"""

from __future__ import annotations

import io

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from lxml.etree import _Element

from fireinvest.archive.dossier_contents import DossierMaterial
from fireinvest.archive.dossier_photos import PictureParts, PrintImage, print_image
from fireinvest.documents.word.append import AppendedDocument

PDF_DPI = 150  # a full page of a report or drawing, readable when printed, about 300 KB a page
MATERIAL_BOX = (Mm(156), Mm(215))  # the text block, less the caption line
UNREADABLE_PDF = "无法打开该 PDF 文件（文件损坏或已加密），卷内以本页说明代替，请查看电子原件"


def material_pages(material: DossierMaterial, data: bytes) -> list[PrintImage]:
    """The pages to print of one material attachment: each page of a PDF as a picture, or the picture itself."""
    if not material.is_pdf:
        return [print_image(data)]
    import pypdfium2  # imported here: only a volume with PDF material needs it

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return [PrintImage(None, UNREADABLE_PDF)]
    try:
        pages = []
        for page in pdf:
            picture = page.render(scale=PDF_DPI / 72).to_pil()
            out = io.BytesIO()
            picture.convert("RGB").save(out, "JPEG", quality=80)
            pages.append(PrintImage(out.getvalue()))
        return pages or [PrintImage(None, UNREADABLE_PDF)]
    finally:
        pdf.close()


def write_material(
    document: Document, pictures: PictureParts, material: DossierMaterial, pages: list[PrintImage], number: int
) -> AppendedDocument:
    """Write the material's pages at the end of the document, item `number` of the list; returns where they are."""
    name = material.caption or material.original_name
    first: _Element | None = None
    last: _Element | None = None
    for page, image in enumerate(pages, start=1):
        caption = document.add_paragraph()
        caption.paragraph_format.page_break_before = page > 1
        caption.paragraph_format.space_after = Pt(4)
        run = caption.add_run(f"{material.label}：{name}　（第{page}页，共{len(pages)}页）")
        run.font.size = Pt(9)
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.space_after = Pt(0)
        if image.data is not None:
            inline = pictures.inline(image.data, f"dossier_material{number}_{page}", MATERIAL_BOX)
            picture.add_run()._r.add_drawing(inline)
        else:
            picture.add_run(image.problem).font.size = Pt(10.5)
        first = first if first is not None else caption._p
        last = picture._p
    assert first is not None and last is not None  # material_pages gives at least one page
    return AppendedDocument(first, last)
