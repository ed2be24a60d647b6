"""Paints a hit's snippet with the matched words highlighted (yellow background, bold), on one line."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from fireinvest.search.snippets import Snippet
from fireinvest.ui.search.results_model import SnippetRole

MARK_STYLE = "background-color:#ffe08a; color:#000; font-weight:bold"


def snippet_html(snippet: Snippet) -> str:
    """The snippet as HTML, its text escaped (it is the user's data) and each match in a highlighted span."""
    pieces, at = [], 0
    for start, end in snippet.marks:
        pieces.append(html.escape(snippet.text[at:start]))
        pieces.append(f'<span style="{MARK_STYLE}">{html.escape(snippet.text[start:end])}</span>')
        at = end
    pieces.append(html.escape(snippet.text[at:]))
    return "".join(pieces)


class SnippetDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex):
        snippet = index.data(SnippetRole)
        if not isinstance(snippet, Snippet):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(snippet_html(snippet))
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        rect = option.rect.adjusted(4, 0, -4, 0)
        painter.save()
        painter.setClipRect(rect)
        height = document.size().height()
        painter.translate(rect.left(), rect.top() + max(0.0, (rect.height() - height) / 2))
        context.clip = QRectF(0, 0, rect.width(), rect.height())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 400), hint.height())
