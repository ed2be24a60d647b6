"""The one place where what changed is announced: every write the runner carries out publishes its Changes here,
once, and every open view that shows a part of a case (or a register) listens and refreshes itself.

    hub.changed.connect(self._on_changes)
    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(self._case_id, Part.ATTACHMENTS):
            self.reload()

A view never tells another view to refresh: the 物证 tab that files a laboratory report does not know the 附件 tab
exists, and the 附件 tab still shows the report, because the use case said that attachments of the case changed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from fireinvest.services.changes import Changes


class Hub(QObject):
    changed = Signal(object)  # Changes, never empty

    def publish(self, changes: Changes) -> None:
        if not changes.empty:
            self.changed.emit(changes)
