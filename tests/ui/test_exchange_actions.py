"""Import and export from the File menu, through fireinvest.exchange, with the user's messages."""

from __future__ import annotations

import dataclasses

from fireinvest.services.case_query import SortKey
from fireinvest.services.front_door import Workstation
from fireinvest.services.settings import agency_settings, update_agency_settings
from fireinvest.services.startup import open_prepared_database
from fireinvest.ui.main.case_table_model import COLUMN_OF_KEY
from fireinvest.ui.main.window import MainWindow
from fireinvest.ui.runner import Runner
from tests.conftest import fresh_database_url
from tests.ui.helpers import add_cases, model_column

NUMBER = COLUMN_OF_KEY[SortKey.CASE_NUMBER]


def test_export_of_the_filtered_list_imports_into_another_archive(
    qtbot, window, db, actor, backend, request, tmp_path, message_boxes
):
    add_cases(db, actor, 6)
    window.refresh()
    district = window.filter_bar.district_combo
    district.setCurrentIndex(district.findText("玄武区"))
    exported = model_column(window.model, NUMBER)
    assert len(exported) == 2
    path = tmp_path / "玄武区案件.xlsx"

    window.export_cases(str(path))

    assert message_boxes[-1].text().startswith("已将 2 起案件导出到")
    assert path.exists()
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = open_prepared_database(fresh_database_url(backend, request, other_dir))
    # Another detachment's archive: the cases keep their numbers, which are of the sending agency's register.
    settings = agency_settings(Workstation(other, actor))
    update_agency_settings(Workstation(other, actor), dataclasses.replace(settings, agency_code="320200"))
    other_runner = Runner(Workstation(other, actor), synchronous=True)
    try:
        second = MainWindow(other_runner)
        qtbot.addWidget(second)
        second.import_cases(str(path))
        assert "已导入 2 起案件（沿用原编号 2 起" in message_boxes[-1].text()
        # No refresh by hand: the import's changes reach the list through the hub.
        assert sorted(model_column(second.model, NUMBER)) == sorted(exported)
        assert second.count_label.text() == "共 2 起案件"
    finally:
        other_runner.shutdown()
        other.dispose()


def test_refused_import_names_the_problem_and_changes_nothing(qtbot, window, db, actor, tmp_path, message_boxes):
    add_cases(db, actor, 2)
    window.refresh()
    bad = tmp_path / "cases.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    window.import_cases(str(bad))
    box = message_boxes[-1]
    assert box.windowTitle() == "导入失败"
    assert box.text()  # the exchange module's own Chinese explanation
    assert "意外错误" not in box.text()
    assert window.model.rowCount() == 2


def test_export_to_an_unsupported_file_type_is_explained(qtbot, window, tmp_path, message_boxes):
    window.export_cases(str(tmp_path / "cases.doc"))
    assert message_boxes[-1].windowTitle() == "导出失败"
    assert "不支持的文件类型" in message_boxes[-1].text()


def test_a_file_with_codes_the_lists_lack_is_imported_once_the_user_adds_or_maps_them(
    qtbot, window, workstation, tmp_path, message_boxes, monkeypatch
):
    """A file from another detachment: the window lists the missing codes, each to add or to map onto one of ours;
    cancelled, nothing changes; 导入 with 丙区 mapped onto 江宁区 and 人员密集场所 added imports the file so."""
    from PySide6.QtWidgets import QDialog

    from fireinvest.services.reference import reference_lists
    from fireinvest.ui.main.code_mapping_dialog import CodeMappingDialog
    from tests.exchange.conftest import record, snapshot, write_json

    records = [record(1), record(2)]
    records[0]["district"], records[1]["place_type"] = "丙区", "人员密集场所"
    path = write_json(tmp_path / "foreign.json", records)
    shown: list[CodeMappingDialog] = []

    def answer(accept: bool, choose_jiangning: bool = False):
        def exec_(dialog) -> int:
            shown.append(dialog)
            if choose_jiangning:  # 丙区 (row 0) is our 江宁区; 人员密集场所 (row 1) stays "add"
                dialog.choosers[0].setCurrentIndex(dialog.choosers[0].findData("江宁区"))
            return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

        return exec_

    monkeypatch.setattr(CodeMappingDialog, "exec", answer(accept=False))
    window.import_cases(str(path))
    qtbot.waitUntil(lambda: len(shown) == 1)
    table = shown[0].table
    assert [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())] == [
        ("辖区", "丙区"), ("场所类型", "人员密集场所")]  # fmt: skip
    assert shown[0].choosers[0].itemText(0) == "加入本机代码表"
    assert "对照为“江宁区”" in [shown[0].choosers[0].itemText(i) for i in range(shown[0].choosers[0].count())]
    qtbot.wait(100)
    assert window.model.rowCount() == 0 and "丙区" not in reference_lists(workstation).districts

    monkeypatch.setattr(CodeMappingDialog, "exec", answer(accept=True, choose_jiangning=True))
    window.import_cases(str(path))
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    assert "以下代码已加入代码表：人员密集场所" in message_boxes[-1].text()
    assert "以下代码已对照为本机代码：辖区“丙区”→“江宁区”" in message_boxes[-1].text()
    lists = reference_lists(workstation)
    assert "丙区" not in lists.districts and "人员密集场所" in lists.place_type_names
    assert {facts.district for facts, _staff, _grade in snapshot(workstation.database).values()} == {"江宁区", "玄武区"}
