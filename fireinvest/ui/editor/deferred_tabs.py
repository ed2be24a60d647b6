"""Tabs of the case editor that are built when first needed: opening a case builds its fact pages and nothing
else, so an editor opens in a few tens of milliseconds however many tabs it has; the 物证 tab's table, buttons and
dialogs exist only once the user turns to it (or a caller asks for the page).

    tabs = CaseTabs(editor)
    evidence = tabs.add_deferred(lambda parent: EvidencePage(runner, zone, parent), "物证")
    evidence.set_case(case_id, editable=True)       # kept, and handed on once the page exists
    page = evidence.page                             # built now if it was not yet
    tabs.setCurrentWidget(page)                      # the page or its place: both select the tab
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from fireinvest.ui.editor.case_tab import CaseTab


class DeferredTab(QWidget):
    """The place of a tab whose page is built when the tab is first shown or the page first asked for."""

    def __init__(self, build: Callable[[QWidget], CaseTab], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._page: CaseTab | None = None
        self._case: tuple[int | None, bool] = (None, True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._page is not None

    @property
    def page(self) -> CaseTab:
        if self._page is None:
            self._page = self._build(self)
            self._layout.addWidget(self._page)
            self._page.set_case(*self._case)
        return self._page

    def set_case(self, case_id: int | None, editable: bool = True) -> None:
        self._case = (case_id, editable)
        if self._page is not None:
            self._page.set_case(case_id, editable)

    def showEvent(self, event: QShowEvent) -> None:
        self.page.show()  # built on first show; shown, it reads its part of the case
        super().showEvent(event)


class CaseTabs(QTabWidget):
    """The editor's tab widget: deferred tabs are selected by their page as well as by their place."""

    def add_deferred(self, build: Callable[[QWidget], CaseTab], title: str) -> DeferredTab:
        place = DeferredTab(build, self)
        self.addTab(place, title)
        return place

    def setCurrentWidget(self, widget: QWidget) -> None:
        holder = widget.parentWidget()
        super().setCurrentWidget(holder if isinstance(holder, DeferredTab) else widget)

    def currentWidget(self) -> QWidget:
        current = super().currentWidget()
        return current.page if isinstance(current, DeferredTab) else current

    def indexOf(self, widget: QWidget) -> int:
        holder = widget.parentWidget()
        return super().indexOf(holder if isinstance(holder, DeferredTab) else widget)
