"""How a deadline looks wherever it is shown (case list, timeline tab, to-do list): one colour rule, one wording."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from fireinvest.rules.deadlines import DeadlineStatus

OVERDUE_COLOUR = QColor("#b3261e")
SOON_COLOUR = QColor("#b26a00")
MET_COLOUR = QColor("#2e7d32")
LAPSED_COLOUR = QColor("#757575")
SOON_DAYS = 3  # amber from three days before the last day

translate = QCoreApplication.translate


def deadline_colour(status: DeadlineStatus, due: dt.date, today: dt.date) -> QColor | None:
    """Red when overdue, amber when due within three days, green when met, plain otherwise."""
    if status == DeadlineStatus.MET:
        return MET_COLOUR
    if status == DeadlineStatus.OVERDUE:
        return OVERDUE_COLOUR
    if (due - today).days <= SOON_DAYS:
        return SOON_COLOUR
    return None


def days_left_text(due: dt.date, today: dt.date) -> str:
    """逾期 N 天 / 今天到期 / 还有 N 天."""
    days = (due - today).days
    if days < 0:
        return translate("deadlines", "逾期 %1 天").replace("%1", str(-days))
    if days == 0:
        return translate("deadlines", "今天到期")
    return translate("deadlines", "还有 %1 天").replace("%1", str(days))
