"""Import and export of case files (文件 menu): on the database thread, with a progress bar and a cancel button.

The formats (JSON and Excel, `fireinvest-cases/1`) live in `fireinvest.exchange`, shared with the command line.
An import is all or nothing: a refused file or a cancellation leaves the database as it was, and says so. The
imported cases reach the list through the hub. The exchange package (and openpyxl behind it) is imported on first
use, which keeps start-up quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from fireinvest.services.case_query import CaseFilter
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.dialogs import inform
from fireinvest.ui.widgets.operations import ProgressWindow, cancelled_is_not_an_error

translate = QCoreApplication.translate


def describe_import(report: Any) -> str:
    """The user's summary of an ImportReport."""
    text = translate("exchange", "已导入 %1 起案件（沿用原编号 %2 起，新编号 %3 起）。")
    text = text.replace("%1", str(report.imported)).replace("%2", str(report.numbers_kept))
    text = text.replace("%3", str(report.numbers_assigned))
    if report.investigators_added:
        added = "、".join(report.investigators_added)
        text += "\n" + translate("exchange", "以下调查人员已加入人员名册：%1").replace("%1", added)
    if report.codes_added:
        text += "\n" + translate("exchange", "以下代码已加入代码表：%1").replace("%1", "、".join(report.codes_added))
    if report.codes_mapped:
        text += "\n" + translate("exchange", "以下代码已对照为本机代码：%1").replace(
            "%1", "、".join(report.codes_mapped)
        )
    return text


def import_cases(parent: QWidget, runner: Runner, path: str = "", *, add_missing_codes: bool = False,
                 code_mapping: dict | None = None) -> None:  # fmt: skip
    """Ask for a file (unless `path` is given) and import it in one transaction. A file naming codes the lists lack
    (from another detachment) is refused naming them; the user then adds each to the lists or maps it onto a code
    in force (CodeMappingDialog), and the file is imported again with that choice."""
    from fireinvest.errors import MissingCodes
    from fireinvest.exchange import import_cases_file

    title = translate("exchange", "导入案件")
    if not path:
        path, _ = QFileDialog.getOpenFileName(
            parent, title, "", translate("exchange", "案件交换文件 (*.xlsx *.json);;所有文件 (*)")
        )
        if not path:
            return
    progress = ProgressWindow(
        parent,
        translate("exchange", "正在导入 %1 …").replace("%1", Path(path).name),
        translate("exchange", "正在取消，撤销已做的修改…"),
    )

    cancelled = cancelled_is_not_an_error(parent, title)

    def refused(error) -> bool | None:
        if not isinstance(error, MissingCodes):
            return cancelled(error)
        _choose_for_missing_codes(parent, runner, path, error.codes)
        return True

    runner.run(
        lambda ws: import_cases_file(
            ws, Path(path), progress.relay, add_missing_codes=add_missing_codes, code_mapping=code_mapping
        ),  # fmt: skip
        done=lambda report: inform(parent, title, describe_import(report)),
        refused=refused,
        finished=progress.close,
        owner=parent,
        error_title=translate("exchange", "导入失败"),
    )


def _choose_for_missing_codes(parent: QWidget, runner: Runner, path: str, missing: tuple) -> None:
    """Ask, code by code, whether to add it or map it onto one of ours (with the lists in force), then import."""
    from fireinvest.services.reference import Code, reference_lists
    from fireinvest.ui.main.code_mapping_dialog import CodeMappingDialog

    codes = [Code(*code) for code in missing]

    def chosen(lists) -> None:
        mapping = CodeMappingDialog.ask(codes, lists, parent)
        if mapping is not None:
            import_cases(parent, runner, path, add_missing_codes=True, code_mapping=mapping)

    runner.run(reference_lists, done=chosen, owner=parent, error_title=translate("exchange", "导入失败"))


def export_cases(parent: QWidget, runner: Runner, case_filter: CaseFilter, path: str = "") -> None:
    """Ask where to write and export the cases the list currently shows (the same filter)."""
    from fireinvest.exchange import export_cases_file

    title = translate("exchange", "导出案件")
    if not path:
        path, _ = QFileDialog.getSaveFileName(
            parent,
            title,
            translate("exchange", "火灾案件.xlsx"),
            translate("exchange", "Excel 工作簿 (*.xlsx);;JSON 交换文件 (*.json)"),
        )
        if not path:
            return
    progress = ProgressWindow(
        parent,
        translate("exchange", "正在导出到 %1 …").replace("%1", Path(path).name),
        translate("exchange", "正在取消，不会写出文件…"),
    )

    def done(count: int) -> None:
        text = translate("exchange", "已将 %1 起案件导出到\n%2").replace("%1", str(count)).replace("%2", path)
        inform(parent, title, text)

    runner.run(
        lambda ws: export_cases_file(ws, Path(path), case_filter, progress.relay),
        done=done,
        refused=cancelled_is_not_an_error(parent, title),
        finished=progress.close,
        owner=parent,
        error_title=translate("exchange", "导出失败"),
    )
