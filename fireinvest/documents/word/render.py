"""Filling a Word template (docxtpl: Jinja tags inside the .docx) and reporting a broken one clearly.

Templates ship in resources/templates. An installation keeps its own edited copies in the folder named by the
environment variable FIREINVEST_TEMPLATES, or else in `templates` under the user's data folder (next to the embedded
database): a file there with the same name is used instead of the shipped one, so an upgrade never overwrites it.

Rendering is strict: a tag naming a field that does not exist, or a tag Jinja cannot read, raises TemplateProblem
naming the template file, the tag and the paragraph it sits in, never a crash and never a silently empty field.

Rendering is sandboxed: templates may sit on a shared folder anyone can edit, and a plain Jinja environment lets a
tag reach Python's internals (`{{ cycler.__init__.__globals__.os.popen(...) }}` runs a shell command as the user).
Jinja's immutable sandbox refuses attribute access to internals and calls that change the filled data; such a tag is
refused with a TemplateProblem and nothing runs.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from lxml.etree import XMLSyntaxError

from fireinvest.clock import utc_now
from fireinvest.documents.fill import FILTERS
from fireinvest.errors import FireInvestError
from fireinvest.paths import data_directory
from fireinvest.reference_files import resource_path

TEMPLATES_ENV = "FIREINVEST_TEMPLATES"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{|\{%")
_DOCXTPL_PREFIX = re.compile(r"^(r|p|tr|tc)\s+")


class TemplateProblem(FireInvestError):
    """A template that cannot be filled: missing, not a Word file, or with a broken tag."""

    def __init__(self, message: str, *, template: str, tag: str = "") -> None:
        super().__init__(message)
        self.template = template
        self.tag = tag


def own_templates_folder() -> Path:
    """Where this installation's edited templates are looked for first."""
    configured = os.environ.get(TEMPLATES_ENV, "").strip()
    return Path(configured) if configured else data_directory() / "templates"


def template_path(name: str) -> Path:
    """The template file to use: an installation's own copy if it has one, else the shipped file."""
    own = own_templates_folder() / name
    if own.is_file():
        return own
    shipped = resource_path("templates", name)
    if not shipped.is_file():
        raise TemplateProblem(f"文书模板“{name}”不存在（应在 {shipped.parent}）。", template=name)
    return shipped


def jinja_environment() -> Environment:
    """Sandboxed, strict (an unknown field is an error), escaping (text with < or & stays valid XML), with the fill
    filters."""
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    return env


def render_template(path: Path, context: dict[str, Any], title: str = "") -> bytes:
    """The filled document as .docx bytes, its properties naming `title` and now as its date; TemplateProblem when
    the template cannot be filled."""
    name, env = path.name, jinja_environment()
    try:
        template = DocxTemplate(path)
        template.render(context, env)
        properties = template.docx.core_properties
        properties.title = title or properties.title
        properties.created = properties.modified = utc_now().replace(tzinfo=None)  # python-docx writes UTC
        out = io.BytesIO()
        template.save(out)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise TemplateProblem(f"文书模板“{name}”不是有效的 Word（.docx）文件：{exc}", template=name) from None
    except TemplateSyntaxError as exc:
        raise _syntax_problem(path, exc, env) from None
    except UndefinedError as exc:
        raise _undefined_problem(path, exc) from None
    except SecurityError as exc:
        raise _unsafe_problem(path, exc) from None
    except (TemplateError, XMLSyntaxError, TypeError, ValueError) as exc:
        raise TemplateProblem(f"文书模板“{name}”无法填写：{exc}", template=name) from None
    return out.getvalue()


def _paragraph_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) of every paragraph of the template: body, table cells, headers and footers."""
    document = Document(str(path))

    def walk(container, where: str) -> Iterator[tuple[str, str]]:
        for paragraph in container.paragraphs:
            yield where, paragraph.text
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell, "表格")

    yield from walk(document, "正文")
    for section in document.sections:
        for footer in (section.header, section.footer, section.even_page_header, section.even_page_footer):
            yield from walk(footer, "页眉页脚")


def _tags(path: Path) -> Iterator[tuple[str, str, str]]:
    """(where, paragraph text, tag) for every Jinja tag, and for every opening that is never closed."""
    for where, text in _paragraph_texts(path):
        for match in _TAG.finditer(text):
            yield where, text, match.group(0)


def _expression(tag: str) -> str | None:
    if not tag.startswith("{{") or not tag.endswith("}}"):
        return None
    return _DOCXTPL_PREFIX.sub("", tag[2:-2].strip())


def _located(where: str, text: str) -> str:
    shown = text if len(text) <= 60 else text[:57] + "…"
    return f"{where}段落“{shown}”"


def _syntax_problem(path: Path, exc: TemplateSyntaxError, env: Environment) -> TemplateProblem:
    name = path.name
    for where, text, tag in _tags(path):
        if tag in ("{{", "{%"):
            return TemplateProblem(f"文书模板“{name}”中{_located(where, text)}的标记“{tag}”没有闭合。",
                                   template=name, tag=tag)  # fmt: skip
        expression = _expression(tag)
        if expression is None:
            continue
        try:
            env.compile_expression(expression)
        except TemplateSyntaxError as inner:
            return TemplateProblem(f"文书模板“{name}”中{_located(where, text)}的字段“{tag}”写法有误：{inner.message}",
                                   template=name, tag=tag)  # fmt: skip
    # A statement ({% … %}) Jinja does not know, or one left unclosed: Jinja names the word in quotes.
    quoted = re.findall(r"'(\w+)'", exc.message or "")
    for where, text, tag in _tags(path):
        if quoted and tag.startswith("{%") and re.search(rf"\b{re.escape(quoted[0])}\b", tag):
            return TemplateProblem(f"文书模板“{name}”中{_located(where, text)}的标记“{tag}”有误：{exc.message}",
                                   template=name, tag=tag)  # fmt: skip
    return TemplateProblem(f"文书模板“{name}”的标记写法有误：{exc.message}", template=name)


_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def _undefined_problem(path: Path, exc: UndefinedError) -> TemplateProblem:
    name = path.name
    match = _UNDEFINED.search(str(exc))
    field = next((g for g in match.groups() if g), "") if match else ""
    if field:
        word = re.compile(rf"(?<![\w.]){re.escape(field)}\b|\.{re.escape(field)}\b")
        for where, text, tag in _tags(path):
            if word.search(tag):
                return TemplateProblem(f"文书模板“{name}”中{_located(where, text)}的字段“{tag}”无法填写："
                                       f"没有名为“{field}”的数据。", template=name, tag=tag)  # fmt: skip
    return TemplateProblem(f"文书模板“{name}”中有无法填写的字段：{exc}", template=name, tag=field)


_UNSAFE_WORD = re.compile(r"__\w+__|\b_\w+")  # what the sandbox refuses to reach: internals and private names


def _unsafe_problem(path: Path, exc: SecurityError) -> TemplateProblem:
    name = path.name
    for where, text, tag in _tags(path):
        if _UNSAFE_WORD.search(tag):
            return TemplateProblem(f"文书模板“{name}”中{_located(where, text)}的标记“{tag}”不安全，已拒绝填写：模板只能"
                                   "引用文书数据的字段，不能访问程序内部。请改正或删除该标记。",
                                   template=name, tag=tag)  # fmt: skip
    return TemplateProblem(f"文书模板“{name}”中有不安全的标记，已拒绝填写：{exc}", template=name)
