"""A widget under a bold heading, the way the panes of a splitter are titled (程序事件, 法定期限, 按辖区 …)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def titled_box(title: str, widget: QWidget, parent: QWidget) -> QWidget:
    """`widget` below `title` (rich text: the bold part is given as <b>…</b>), flush with the box's edges so the
    splitter's panes line up."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel(title, box))
    layout.addWidget(widget)
    return box
