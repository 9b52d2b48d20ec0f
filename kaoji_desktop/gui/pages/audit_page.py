"""操作记录: every change to the year file (who, when, what, old → new, source),
filterable and exportable to Excel; and the name written as 操作人."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kaoji_desktop.core.rules_json import loads
from kaoji_desktop.exchange.audit_export import export_audit
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.layout import reset_row_heights
from kaoji_desktop.gui.models import Column
from kaoji_desktop.gui.pages.base import Page
from kaoji_desktop.gui.pages.settings import RULE_LABELS, rule_text
from kaoji_desktop.store import AuditEntry, default_operator
from kaoji_desktop.store.audit_log import SOURCES, AuditRow, describe, filter_entries

ALL = "（全部）"
OPERATOR_KEY = "operator"


def rule_changes(old: str | None, new: str | None) -> list[tuple[str, str, str]]:
    """(parameter label, old value, new value) of every rule parameter that
    differs between two stored rule sets (meta "rules" JSON)."""
    try:
        before, after = loads(old), loads(new)
    except (ValueError, TypeError, ArithmeticError):
        return []
    out = []
    for f in dataclasses.fields(after):
        a, b = getattr(before, f.name), getattr(after, f.name)
        if a != b:
            shown = [("不限" if v is None else "是" if v is True else "否" if v is False
                      else rule_text(v)) for v in (a, b)]
            out.append((RULE_LABELS.get(f.name, f.name), shown[0], shown[1]))
    return out


def audit_row(entry: AuditEntry) -> AuditRow:
    """`describe`, with a rule-set change spelled out as “参数：旧值 → 新值”
    instead of two whole rule sets as JSON."""
    row = describe(entry)
    if entry.table == "meta" and entry.key in ('["rules"]', "rules") and entry.new:
        changes = rule_changes(entry.old, entry.new)
        if changes:
            what = "；".join(f"{label}：{a} → {b}" for label, a, b in changes)
            return dataclasses.replace(
                row, what=f"规则参数 · {what}", old="；".join(a for _, a, _ in changes),
                new="；".join(b for _, _, b in changes))
        if entry.old:
            return dataclasses.replace(row, old="（规则参数未变）", new="（规则参数未变）")
        return dataclasses.replace(row, old="", new="（全部规则参数，见规则参数页）")
    return row


def saved_operator() -> str | None:
    """The name the clerk set for the 操作记录 (None: the Windows login name)."""
    value = QSettings().value(OPERATOR_KEY, "")
    return str(value).strip() or None


class AuditPage(Page):
    title = "操作记录"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        if controller.operator is None:
            controller.operator = saved_operator()
        self.all_rows: list[AuditRow] = []
        bar = QHBoxLayout()
        self.source = QComboBox()
        self.source.addItems([ALL, *SOURCES])
        self.operator = QComboBox()
        self.operator.addItem(ALL)
        self.text = QLineEdit()
        self.text.setPlaceholderText("查找：社区、条线、人员、数值……")
        self.text.setMinimumWidth(160)
        for combo in (self.source, self.operator):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.by_date = QCheckBox("日期")
        today = QDate.currentDate()
        self.since = QDateEdit(today.addMonths(-1))
        self.until = QDateEdit(today)
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.dateChanged.connect(self.apply_filter)
        self.count = QLabel()
        export = QPushButton("导出 Excel…")
        export.clicked.connect(self.ask_export)
        # two rows: one would make the page (and the window) wider than a
        # 1366×768 screen at 150 %
        for w in (QLabel("来源"), self.source, QLabel("操作人"), self.operator):
            bar.addWidget(w)
        bar.addWidget(self.text, 1)
        dates = QHBoxLayout()
        for w in (self.by_date, self.since, QLabel("至"), self.until, self.count):
            dates.addWidget(w)
        dates.addStretch(1)
        dates.addWidget(export)
        self.layout_.addLayout(bar)
        self.layout_.addLayout(dates)
        self.source.currentIndexChanged.connect(self.apply_filter)
        self.operator.currentIndexChanged.connect(self.apply_filter)
        self.text.textChanged.connect(self.apply_filter)
        self.by_date.toggled.connect(self.apply_filter)
        self.grid = self.make_grid(self.build, "audit", editable=False)
        self.grid.fit_rows = True  # 修改内容 in full: wrapped, the row grows
        self.grid.setWordWrap(True)
        self.layout_.addWidget(self.grid)

        who = QHBoxLayout()
        self.name = QLineEdit(controller.operator or "")
        self.name.setPlaceholderText(f"不填则记为登录名“{default_operator()}”")
        self.name.setMinimumWidth(240)
        save = QPushButton("设为操作人")
        save.clicked.connect(lambda: self.set_operator(self.name.text()))
        who.addWidget(QLabel("本机操作人姓名（写入操作记录）"))
        who.addWidget(self.name)
        who.addWidget(save)
        who.addStretch(1)
        self.layout_.addLayout(who)

    # --- rows ---------------------------------------------------------------

    def shown_rows(self) -> list[AuditRow]:
        since = until = None
        if self.by_date.isChecked():
            since = dt.date.fromisoformat(self.since.date().toString("yyyy-MM-dd"))
            until = dt.date.fromisoformat(self.until.date().toString("yyyy-MM-dd"))
        source = self.source.currentText()
        operator = self.operator.currentText()
        return filter_entries(self.all_rows, source="" if source == ALL else source,
                              operator="" if operator == ALL else operator,
                              text=self.text.text(), since=since, until=until)

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        rows = self.shown_rows()
        self.count.setText(f"{len(rows)} / {len(self.all_rows)} 条")
        # long texts wrap (rows grow) and show in full as a tooltip
        columns = [
            Column("时间", lambda r: r.time), Column("操作人", lambda r: r.operator),
            Column("修改内容", lambda r: r.what, tip=lambda r: r.what, wrap=True),
            Column("原值", lambda r: _short(r.old), tip=lambda r: _tip(r.old)),
            Column("新值", lambda r: _short(r.new), tip=lambda r: _tip(r.new)),
            Column("来源", lambda r: r.source),
            Column("说明", lambda r: r.note, tip=lambda r: r.note, wrap=True),
        ]
        return rows, columns

    def refresh(self) -> None:
        yf = self.controller.yf
        self.all_rows = [audit_row(e) for e in yf.audit()] if yf is not None else []
        names = sorted({r.operator for r in self.all_rows})
        current = self.operator.currentText()
        self.operator.blockSignals(True)
        self.operator.clear()
        self.operator.addItems([ALL, *names])
        self.operator.setCurrentText(current if current in names else ALL)
        self.operator.blockSignals(False)
        reset_row_heights(self.grid)
        for model in self.models:
            model.refresh()

    def apply_filter(self) -> None:
        reset_row_heights(self.grid)
        for model in self.models:
            model.refresh()

    # --- actions ------------------------------------------------------------

    def ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出操作记录", "操作记录.xlsx",
                                              "Excel 工作簿 (*.xlsx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        try:
            export_audit(self.shown_rows(), path)
        except OSError as exc:
            self.message.emit(f"无法保存“{path.name}”：{exc.strerror or exc}")
            return False
        self.message.emit(f"操作记录已导出到 {path}")
        return True

    def set_operator(self, name: str) -> None:
        name = name.strip()
        QSettings().setValue(OPERATOR_KEY, name)
        self.controller.operator = name or None
        if self.controller.yf is not None:
            self.controller.yf.operator = name or default_operator()
        self.message.emit(f"操作人已设为“{name or default_operator()}”")


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:80] + "…"


def _tip(text: str) -> str:
    """The whole value as a tooltip when the cell shows it shortened."""
    if len(text) <= 80:
        return ""
    return text if len(text) <= 2000 else text[:2000] + "…"
