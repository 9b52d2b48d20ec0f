"""Page building blocks: `Page` (a refreshable widget with grids) and
`RecordPage` (one store table as rows, keys read-only, add/delete buttons)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, get_args, get_type_hints

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kaoji_desktop.core.model import YearData
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.grid import GridView
from kaoji_desktop.gui.models import Column, Refused, TableModel
from kaoji_desktop.gui.models.table import TEXT, parse
from kaoji_desktop.store import TABLE, Change


class Page(QWidget):
    """A page of the main window. Subclasses add grids with `make_grid` and
    may override `refresh_extra`. `refresh()` is called by the main window
    when the page is shown after a change (hidden pages refresh lazily)."""

    message = Signal(str)
    title = ""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.models: list[TableModel] = []
        self.grids: list[GridView] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def make_notice(self, on_link: Callable[[str], None]) -> QLabel:
        """The brown note above a grid (未完成 …), hidden until given text;
        a link in it calls `on_link`."""
        notice = QLabel()
        notice.setWordWrap(True)
        notice.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        notice.setStyleSheet("QLabel { color: #8a4b00; }")
        notice.linkActivated.connect(on_link)
        notice.hide()
        self.layout_.addWidget(notice)
        return notice

    def make_grid(self, build: Callable[[], tuple[Sequence[Any], Sequence[Column]]],
                  key: str, row_label: Callable[[Any], str] | None = None,
                  editable: bool = True) -> GridView:
        model = TableModel(build, self.apply_or_refuse if editable else None, row_label, self)
        grid = GridView(model, key, self)
        grid.message.connect(self.message)
        self.models.append(model)
        self.grids.append(grid)
        return grid

    def apply_or_refuse(self, changes: list[Change], source: str) -> bool:
        """The grids' save path: the controller's, with a change the year file
        refused raised as `Refused` (the cell keeps its editor and message)."""
        controller = self.controller
        controller.last_error = ""
        if controller.apply(changes, source):
            return True
        if controller.last_error:
            raise Refused(controller.last_error)
        return False

    def refresh(self) -> None:
        if self.controller.data is None or self.controller.result is None:
            return
        for model in self.models:
            model.refresh()
        self.refresh_extra()

    def refresh_extra(self) -> None:
        """Non-table parts of a page (labels, charts)."""


_NO_EMPTY = object()  # a field that has no empty value


@dataclass(frozen=True)
class FieldSpec:
    field: str
    header: str
    kind: str = TEXT
    bounds: Callable[[Any], tuple[Decimal, Decimal]] | None = None
    choices: Callable[[YearData], tuple[str, ...]] | tuple[str, ...] = ()
    places: int | None = None
    ask: bool = False  # asked for when adding a row (keys always are)
    rule_max: str = ""  # RuleSet field giving the upper bound (0 to it)


def hint_text(hint: str, data: YearData) -> str:
    """A page hint with the year's rule constants filled in: {r.projects_cap},
    {ratio} (3:5:2), {lines_total} (lines' full marks add up to)."""
    r = data.rules
    lines_total = r.base_total - r.projects_cap - r.satisfaction_max - r.leadership_max
    return hint.format(r=r, ratio=":".join(str(n) for n in r.staff_ratio),
                       lines_total=format(lines_total.normalize(), "f"))


def _choices(spec: FieldSpec, data: YearData) -> tuple[str, ...]:
    return spec.choices(data) if callable(spec.choices) else spec.choices


def communities_of(data: YearData) -> tuple[str, ...]:
    return tuple(c.name for c in data.communities)


def lines_of(data: YearData) -> tuple[str, ...]:
    return tuple(line.name for line in data.lines)


class RecordPage(Page):
    """Rows of one store table; value columns editable, rows added/deleted."""

    table = ""
    fields: tuple[FieldSpec, ...] = ()
    defaults: ClassVar[dict[str, Any]] = {}
    hint = ""
    rename_kind = ""  # store rename kind of the name column (community, line...)
    rename_field = ""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.spec = TABLE[self.table]
        bar = QHBoxLayout()
        add = QPushButton("添加…")
        add.clicked.connect(self.add_row)
        delete = QPushButton("删除所选行")
        delete.clicked.connect(self.delete_rows)
        bar.addWidget(add)
        bar.addWidget(delete)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        bar.addWidget(self.hint_label, 1)
        self.layout_.addLayout(bar)
        self.grid = self.make_grid(self.build, self.table, self.row_label)
        self.grid.record_table = self.table  # clearing cells keeps the rows
        self.grid.empty_text = "（暂无数据，点“添加…”录入）"
        self.layout_.addWidget(self.grid)

    def refresh_extra(self) -> None:
        data = self.controller.data
        if data is not None and self.hint:
            self.hint_label.setText(hint_text(self.hint, data))

    def records(self) -> Sequence[Any]:
        assert self.controller.data is not None
        return getattr(self.controller.data, self.spec.field)

    def key_of(self, record: Any) -> tuple[Any, ...]:
        if isinstance(record, str):
            return (record,)
        return tuple(getattr(record, k) for k in self.spec.keys)

    def row_label(self, record: Any) -> str:
        return "·".join(str(k) for k in self.key_of(record))

    def value_of(self, record: Any, field: str) -> Any:
        return record if isinstance(record, str) else getattr(record, field)

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        data = self.controller.data
        assert data is not None
        return self.records(), [self.column(f, data) for f in self.fields] + self.extra_columns()

    def extra_columns(self) -> list[Column]:
        """Read-only columns after the fields (e.g. bands from the result)."""
        return []

    def column(self, f: FieldSpec, data: YearData) -> Column:
        choices = _choices(f, data)
        bounds = f.bounds
        if f.rule_max:
            top = getattr(data.rules, f.rule_max)

            def rule_bounds(_r: Any, top: Decimal = top) -> tuple[Decimal, Decimal]:
                return (Decimal(0), top)

            bounds = rule_bounds
        edit = None
        if f.field == self.rename_field and self.rename_kind:
            edit = self.rename_edit
        elif f.field not in self.spec.keys:
            blank = "" if self.empty_value(f) == "" else None

            def edit(record: Any, value: Any, field: str = f.field) -> Change:
                return Change(self.table, self.key_of(record),
                              {field: blank if value is None else value})
        declared = self.spec.col(f.field)  # store/schema.py: may it be blank?
        required = (f.field in self.spec.keys or (declared is not None and declared.required)
                    or self.empty_value(f) is _NO_EMPTY)
        return Column(f.header, lambda r, n=f.field: self.value_of(r, n), edit, f.kind,
                      bounds, choices, required=required, places=f.places,
                      blank=self.spec.blank_message(f.field) if declared else "")

    def empty_value(self, f: FieldSpec) -> Any:
        """What a cleared cell of `f` stores: None where the record allows it,
        "" for free text, else `_NO_EMPTY` (a number, yes/no or choice the
        scoring needs: clearing it is refused, the value kept)."""
        record = self.spec.record
        hints = get_type_hints(record) if record is not None else {}
        hint = hints.get(f.field)
        if hint is None or type(None) in get_args(hint):
            return None
        if hint is str and f.kind == TEXT and not f.choices:
            return ""
        return _NO_EMPTY

    def rename_edit(self, record: Any, value: Any) -> list[Change]:
        """Typing a new name renames it everywhere (after the editor closes:
        the rename refreshes every grid). No cell changes of its own."""

        old = self.value_of(record, self.rename_field)
        if value == old:
            return []
        if any(self.value_of(r, self.rename_field) == value for r in self.records()):
            raise Refused(f"已有“{value}”，名称须唯一")
        QTimer.singleShot(0, lambda: self.controller.rename(self.rename_kind, old, value))
        return []

    # --- rows ---------------------------------------------------------------

    def add_row(self) -> QDialog | None:
        data = self.controller.data
        if data is None:
            return None
        dialog = QDialog(self)
        dialog.setWindowTitle(f"添加 — {self.title}")
        form = QFormLayout(dialog)
        inputs: dict[str, QComboBox | QLineEdit] = {}
        for f in self.fields:
            if f.field not in self.spec.keys and not f.ask:
                continue
            choices = _choices(f, data)
            widget: QComboBox | QLineEdit
            if choices:
                widget = QComboBox()
                widget.addItems(list(choices))
            else:
                widget = QLineEdit()
            inputs[f.field] = widget
            form.addRow(f.header.replace("\n", ""), widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)

        def accepted() -> None:
            values = {n: (w.currentText() if isinstance(w, QComboBox) else w.text().strip())
                      for n, w in inputs.items()}
            self.insert(values)

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def insert(self, values: dict[str, Any]) -> bool:
        """Add one row from the key (and asked) values as typed."""

        data = self.controller.data
        assert data is not None
        parsed: dict[str, Any] = {}
        try:
            for f in self.fields:
                if f.field in values:
                    col = self.column(f, data)
                    col = Column(col.header, col.value, col.edit, col.kind, None, col.choices,
                                 required=True)
                    parsed[f.field] = parse(col, None, str(values[f.field]))
        except Refused as exc:
            self.message.emit(str(exc))
            return False
        key = tuple(parsed.pop(k) for k in self.spec.keys)
        if any(self.key_of(r) == key for r in self.records()):
            self.message.emit(f"{'·'.join(map(str, key))} 已存在")
            return False
        row = dict(self.defaults) | parsed
        if not self.spec.value_columns:
            row = {}
        return self.controller.apply([Change(self.table, key, row)], "录入",
                                     text=f"添加{self.spec.label}")

    def delete_rows(self) -> bool:
        rows = sorted({self.grid.proxy.mapToSource(i).row()
                       for i in self.grid.selectedIndexes()})
        if not rows:
            return False
        keys = [self.key_of(self.grid.source.rows[r]) for r in rows]
        dependents = self.dependents(keys)
        if not self.confirm_delete(keys, dependents):
            return False
        changes = dependents + [Change(self.table, k, None) for k in keys]
        return self.controller.apply(changes, "录入", text=f"删除{self.spec.label}")

    def confirm_delete(self, keys: list[tuple[Any, ...]], dependents: list[Change]) -> bool:
        """删除所选行 asks first, naming the rows and what goes with them."""
        names = "、".join("·".join(map(str, k)) for k in keys[:3])
        if len(keys) > 3:
            names += f" 等 {len(keys)} 行"
        counts = Counter(TABLE[ch.table].label for ch in dependents)
        also = "，连同其" + "、".join(f"{label} {n} 条" for label, n in counts.items()) \
            if counts else ""
        answer = QMessageBox.question(
            self, f"删除{self.spec.label}", f"将删除{self.spec.label}“{names}”{also}。"
            "可以用“撤销”（Ctrl+Z）恢复。确定删除？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        self.grid.setFocus()
        return answer == QMessageBox.StandardButton.Yes

    def dependents(self, keys: list[tuple[Any, ...]]) -> list[Change]:
        """Explicit deletes of rows that reference deleted communities or lines,
        so that undo restores them too (the file would cascade silently)."""
        return [] if self.controller.yf is None else self.controller.yf.dependents(self.table, keys)
