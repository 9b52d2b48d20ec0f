"""Spreadsheet entry with the keyboard on every entry grid.

Every key goes to QApplication.focusWidget(), as a keyboard sends it: if the
focus leaves the grid (as it did after Tab, when the model refresh destroyed
the editor), the next digits go elsewhere and the values checked below are
missing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from kaoji_desktop.core.rules import RULE_PARAM
from kaoji_desktop.gui.grid import GridView
from kaoji_desktop.gui.models.table import BOOL, CHOICE, DEC, INT, editor_choices
from kaoji_desktop.gui.pages import PAGES

RULE_ROW = "超过此分列第一等次"


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus: the key goes nowhere"
    return widget


def press(qtbot, key: Qt.Key, shift: bool = False, settle: bool = True) -> None:
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(focused(), key, modifier)
    if settle:
        QApplication.processEvents()  # timers (the refresh after an edit) run between keys


def type_text(qtbot, text: str, settle: bool = True) -> None:
    """Latin-1 characters as key presses, Chinese as an input method commits them."""
    for ch in text:
        if ord(ch) < 256:
            qtbot.keyClicks(focused(), ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(focused(), event)
        if settle:
            QApplication.processEvents()


def input_columns(grid: GridView) -> list[int]:
    model = grid.source
    return [c for c in range(model.columnCount())
            if model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable]


def entry_grids(window) -> list[tuple[str, GridView]]:
    out = []
    for spec in PAGES:
        page = window.page(spec.title)
        QApplication.processEvents()
        for grid in page.findChildren(GridView):
            if grid.source.rowCount() and input_columns(grid):
                out.append((spec.title, grid))
    return out


def new_value(grid: GridView, row: int, col: int, serial: int) -> str:
    """A valid value unlike the cell's current one."""
    model = grid.source
    source_row = grid.proxy.mapToSource(grid.proxy.index(row, col)).row()
    column = model.columns[col]
    current = model.data(model.index(source_row, col), Qt.ItemDataRole.EditRole)
    record = model.rows[source_row]
    if column.kind in (DEC, INT):
        low, high = column.bounds(record) if column.bounds else (Decimal(0), Decimal(100))
        for candidate in (low + 1, low + Decimal("0.5"), low, high):
            if column.kind == INT and candidate != candidate.to_integral_value():
                continue
            if low <= candidate <= high and (not current or Decimal(current) != candidate):
                return format(candidate.normalize(), "f")
        raise AssertionError(f"no value for {column.header}")
    if column.kind in (CHOICE, BOOL):
        return next(c for c in editor_choices(column) if c != current)
    if model.display(source_row, 0) == RULE_ROW:
        return "120"
    return f"键入{serial}"


def same(model, source_row: int, col: int, typed: str) -> bool:
    shown = model.data(model.index(source_row, col), Qt.ItemDataRole.EditRole)
    column = model.columns[col]
    if column.kind in (DEC, INT):
        return shown != "" and Decimal(shown) == Decimal(typed)
    if column.kind == BOOL:
        return (shown in ("是", "有")) == (typed in ("是", "有"))
    return shown == typed


def start_at(qtbot, grid: GridView, row: int, col: int) -> None:
    grid.activateWindow()
    grid.setFocus()
    grid.setCurrentIndex(grid.proxy.index(row, col))
    QApplication.processEvents()
    assert QApplication.focusWidget() is grid


def pick_row(grid: GridView) -> int:
    if grid.settings_key == "rules":
        return next(r for r in range(grid.proxy.rowCount())
                    if grid.proxy.index(r, 0).data() == RULE_ROW)
    return min(1, grid.proxy.rowCount() - 1)


def fill_row(qtbot, grid: GridView, row: int, columns: list[int], backwards: bool,
             settle: bool) -> dict[tuple[int, int], str]:
    """Type a value into each input cell of a row, Tab (Shift+Tab) between them."""
    typed = {}
    order = list(reversed(columns)) if backwards else columns
    start_at(qtbot, grid, row, order[0])
    for n, col in enumerate(order):
        assert grid.currentIndex().column() == col, \
            f"{grid.settings_key}: Tab did not reach column {col}"
        key = (grid.proxy.mapToSource(grid.currentIndex()).row(), col)
        typed[key] = new_value(grid, row, col, n)
        type_text(qtbot, typed[key], settle)
        press(qtbot, Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab, settle=settle)
    QApplication.processEvents()
    QApplication.processEvents()
    return typed


@pytest.mark.parametrize("backwards", [False, True], ids=["Tab", "Shift+Tab"])
def test_tab_along_a_row_keeps_every_value_on_every_entry_grid(window, qtbot, backwards):
    grids = entry_grids(window)
    titles = {t for t, _ in grids}
    assert {"条线评分", "领导评价", "满意度测评", "双述双评", "负责人评价", "社区",
            "加减分申报", "规则参数"} <= titles
    for title, grid in grids:
        window.page(title)
        QApplication.processEvents()
        columns = input_columns(grid)
        typed = fill_row(qtbot, grid, pick_row(grid), columns, backwards, settle=True)
        model = grid.source
        lost = {k: v for k, v in typed.items() if not same(model, k[0], k[1], v)}
        assert not lost, f"{title}: values lost {lost}; {window.statusBar().currentMessage()}"
        focus = QApplication.focusWidget()
        assert focus is grid or grid.isAncestorOf(focus), f"{title}: focus left the grid"


def test_tab_typed_faster_than_the_refresh_keeps_every_value(window, qtbot):
    """Keys queued before the refresh after an edit runs (a fast typist)."""
    page = window.page("条线评分")
    QApplication.processEvents()
    grid = page.grid
    typed = fill_row(qtbot, grid, 2, input_columns(grid), backwards=False, settle=False)
    assert all(same(grid.source, r, c, v) for (r, c), v in typed.items())
    assert QApplication.focusWidget() is grid


@pytest.mark.parametrize("up", [False, True], ids=["Enter", "Shift+Enter"])
def test_enter_along_a_column_keeps_every_value_on_every_entry_grid(window, qtbot, up):
    for title, grid in entry_grids(window):
        window.page(title)
        QApplication.processEvents()
        col = input_columns(grid)[-1]
        rows = list(range(min(4, grid.proxy.rowCount())))
        if grid.settings_key == "rules":
            rows = [pick_row(grid)]
        if up:
            rows.reverse()
        start_at(qtbot, grid, rows[0], col)
        typed = {}
        for r in rows:
            assert grid.currentIndex().row() == r, f"{title}: Enter did not reach row {r}"
            key = grid.proxy.mapToSource(grid.currentIndex()).row()
            typed[key] = new_value(grid, r, col, r)
            type_text(qtbot, typed[key])
            press(qtbot, Qt.Key.Key_Return, shift=up)
        QApplication.processEvents()
        lost = {r: v for r, v in typed.items() if not same(grid.source, r, col, v)}
        assert not lost, f"{title}: values lost {lost}; {window.statusBar().currentMessage()}"
        focus = QApplication.focusWidget()
        assert focus is grid or grid.isAncestorOf(focus), f"{title}: focus left the grid"


def test_tab_then_enter_goes_back_to_the_first_column_of_the_run(window, qtbot):
    grid = window.page("领导评价").grid
    QApplication.processEvents()
    columns = input_columns(grid)
    start_at(qtbot, grid, 0, columns[0])
    for value in ("1.7", "2.9", "3"):
        type_text(qtbot, value)
        press(qtbot, Qt.Key.Key_Tab)
    assert grid.currentIndex().column() == columns[3]
    press(qtbot, Qt.Key.Key_Return)
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (1, columns[0])
    # Tab skips the computed columns: from the last rater to the next row's first
    grid.setCurrentIndex(grid.proxy.index(1, columns[-1]))
    press(qtbot, Qt.Key.Key_Tab)
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (2, columns[0])
    press(qtbot, Qt.Key.Key_Backtab)
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (1, columns[-1])


@pytest.mark.parametrize("bad", ["150", "abc", "4.555"])
def test_refused_value_keeps_the_cursor_and_the_typed_text(window, qtbot, demo_file, bad):
    page = window.page("条线评分")
    QApplication.processEvents()
    grid = page.grid
    columns = input_columns(grid)
    start_at(qtbot, grid, 0, columns[0])
    before = grid.source.data(grid.source.index(0, columns[0]), Qt.ItemDataRole.EditRole)
    type_text(qtbot, bad)
    press(qtbot, Qt.Key.Key_Tab)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and grid.isAncestorOf(editor)
    assert editor.text() == bad
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (0, columns[0])
    message = window.statusBar().currentMessage()
    assert message and message == grid.refusal
    assert grid.source.data(grid.source.index(0, columns[0]), Qt.ItemDataRole.EditRole) == before
    # Enter refuses again and still stays
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is editor and grid.currentIndex().row() == 0
    # correcting the text saves it, moves on and takes the message back
    editor.selectAll()
    type_text(qtbot, "3.5")
    press(qtbot, Qt.Key.Key_Tab)
    assert grid.source.data(grid.source.index(0, columns[0]), Qt.ItemDataRole.EditRole) == "3.5"
    assert grid.currentIndex().column() == columns[1]
    assert QApplication.focusWidget() is grid
    assert grid.refusal == "" and window.statusBar().currentMessage() == ""


@pytest.mark.parametrize("leave", ["Esc", "another page"])
def test_refusal_message_goes_on_escape_or_another_page(window, qtbot, leave):
    grid = window.page("领导评价").grid
    QApplication.processEvents()
    start_at(qtbot, grid, 0, input_columns(grid)[0])
    type_text(qtbot, "abc")
    press(qtbot, Qt.Key.Key_Return)
    assert "不是数字" in window.statusBar().currentMessage()
    if leave == "Esc":
        press(qtbot, Qt.Key.Key_Escape)
        assert focused() is grid
    else:
        window.page("条线评分")
        QApplication.processEvents()
    assert grid.refusal == "" and window.statusBar().currentMessage() == ""


def test_enumerated_columns_edit_with_a_drop_down_that_still_takes_typing(window, qtbot):
    page = window.page("加减分申报")
    QApplication.processEvents()
    grid = page.grid
    col = next(c for c, column in enumerate(grid.source.columns) if column.header == "状态")
    row = 0
    start_at(qtbot, grid, row, col)
    press(qtbot, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox) and combo.isEditable()
    assert [combo.itemText(i) for i in range(combo.count())] == ["申报", "通过", "驳回"]
    press(qtbot, Qt.Key.Key_Escape)
    # typed into: 驳 completes to 驳回
    type_text(qtbot, "驳")
    assert isinstance(QApplication.focusWidget(), QComboBox)
    press(qtbot, Qt.Key.Key_Return)
    source_row = grid.proxy.mapToSource(grid.proxy.index(row, col)).row()
    assert grid.source.data(grid.source.index(source_row, col)) == "驳回"
    # a typed value not in the list is refused at the cell
    grid.setCurrentIndex(grid.proxy.index(row, col))
    type_text(qtbot, "待定")
    press(qtbot, Qt.Key.Key_Return)
    assert "须为 申报、通过、驳回 之一" in window.statusBar().currentMessage()
    assert isinstance(QApplication.focusWidget(), QComboBox)


@pytest.mark.parametrize(("title", "header"), [
    ("加减分申报", "状态"), ("个性项目", "类别"), ("条线", "评分周期"), ("社区", "旧改任务"),
])
def test_every_enumerated_column_has_a_drop_down(window, qtbot, title, header):
    grid = window.page(title).grid
    QApplication.processEvents()
    col = next(c for c, column in enumerate(grid.source.columns)
               if column.header.replace("\n", "") == header)
    assert len(grid.choices_at(grid.proxy.index(0, col))) >= 2
    start_at(qtbot, grid, 0, col)
    press(qtbot, Qt.Key.Key_F2)
    assert isinstance(QApplication.focusWidget(), QComboBox)
    press(qtbot, Qt.Key.Key_Escape)


def test_department_window_grid_takes_tab_enter_and_refusals_alike(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.test_department import THIRD, department_window

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    _, win = department_window(qtbot, tmp_path, "城管办", THIRD)
    grid = win.grid
    columns = input_columns(grid)
    assert columns
    start_at(qtbot, grid, 0, columns[0])
    rows = min(3, grid.proxy.rowCount())
    for r in range(rows):
        type_text(qtbot, f"{r + 7}.5")
        press(qtbot, Qt.Key.Key_Return)
    assert win.entry.filled == rows
    assert QApplication.focusWidget() is grid
    # a refused value keeps its editor and text, the message under the grid
    grid.setCurrentIndex(grid.proxy.index(0, columns[0]))
    type_text(qtbot, "99")
    press(qtbot, Qt.Key.Key_Tab)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "99"
    assert "超出范围" in win.message.text()
    editor.selectAll()
    type_text(qtbot, "8")
    press(qtbot, Qt.Key.Key_Return)
    assert win.message.text() == "" and QApplication.focusWidget() is grid
    # Ctrl+F works there too (no menu: the grid takes the key itself)
    qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert grid._find_bar is not None and focused() is grid._find_bar.edit


def test_models_stay_consistent_across_the_refresh_after_an_edit(window, qtbot, qtmodeltester):
    grid = window.page("条线评分").grid
    QApplication.processEvents()
    qtmodeltester.check(grid.source)
    qtmodeltester.check(grid.proxy)
    col = input_columns(grid)[0]
    start_at(qtbot, grid, 0, col)
    type_text(qtbot, "2.5")
    press(qtbot, Qt.Key.Key_Tab)
    QApplication.processEvents()
    assert grid.source.data(grid.source.index(0, col), Qt.ItemDataRole.EditRole) == "2.5"
    qtmodeltester.check(grid.source)


def test_a_change_the_file_refuses_keeps_the_cursor_too(qtbot, qapp, demo_file):
    """Opened read-only (another instance holds it): the store refuses the
    save; the cell keeps its editor and says why instead of moving on."""
    from kaoji_desktop.gui.app import create_window

    window = create_window(str(demo_file))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    assert window.controller.open(demo_file, readonly=True)
    window.show()
    qtbot.waitExposed(window)
    grid = window.page("领导评价").grid
    QApplication.processEvents()
    col = input_columns(grid)[0]
    start_at(qtbot, grid, 0, col)
    before = grid.source.data(grid.source.index(0, col), Qt.ItemDataRole.EditRole)
    type_text(qtbot, "1.5")
    press(qtbot, Qt.Key.Key_Tab)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "1.5"
    assert grid.currentIndex().column() == col
    assert grid.refusal and window.statusBar().currentMessage() == grid.refusal
    assert grid.source.data(grid.source.index(0, col), Qt.ItemDataRole.EditRole) == before
    press(qtbot, Qt.Key.Key_Escape)
    window.close()


def test_yes_no_rules_edit_with_a_drop_down(window, qtbot):
    grid = window.page("规则参数").grid
    QApplication.processEvents()
    row = next(r for r in range(grid.proxy.rowCount())
               if grid.proxy.index(r, 0).data() == RULE_PARAM["promote_enabled"].label)
    text_row = next(r for r in range(grid.proxy.rowCount())
                    if grid.proxy.index(r, 0).data() == RULE_ROW)
    assert grid.choices_at(grid.proxy.index(row, 1)) == ("是", "否")
    assert grid.choices_at(grid.proxy.index(text_row, 1)) == ()
    before = grid.proxy.index(row, 1).data()
    start_at(qtbot, grid, row, 1)
    type_text(qtbot, "否" if before == "是" else "是")
    assert isinstance(focused(), QComboBox)
    press(qtbot, Qt.Key.Key_Return)
    assert grid.proxy.index(row, 1).data() != before
    assert window.controller.data.rules.promote_enabled == (before == "否")


def test_an_edit_refreshes_the_grid_without_a_model_reset(window, qtbot):
    """The cause of the lost Tab values: the refresh after every edit reset
    the model, which destroys the open editor (and the focus with it)."""
    grid = window.page("条线评分").grid
    QApplication.processEvents()
    resets, refreshes = [], []
    grid.source.modelReset.connect(lambda: resets.append(1))
    grid.source.refreshed.connect(lambda: refreshes.append(1))
    start_at(qtbot, grid, 0, input_columns(grid)[0])
    type_text(qtbot, "2")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "3")  # an editor open on the next cell while the refresh runs
    QApplication.processEvents()
    assert refreshes and not resets
    assert isinstance(focused(), QLineEdit) and focused().text() == "3"
    press(qtbot, Qt.Key.Key_Escape)
