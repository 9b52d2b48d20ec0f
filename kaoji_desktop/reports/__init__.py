"""What gets printed: publicity sheets, the 发文 notice, paper forms, the
period bulletin, the office's 内部核对表 and the departments' sign-off sheets.

Builders (`publicity`, `notice`, `forms`, `bulletin`, `internal_check`,
`signoff`) turn a year's data and results
into a layout-free `Document` and import no Qt; `render` paints a Document on
A4 through QPdfWriter or QPrinter.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from kaoji_desktop.core.model import YearData, YearResult
from kaoji_desktop.reports import bulletin as _bulletin
from kaoji_desktop.reports import forms as _forms
from kaoji_desktop.reports import internal_check as _internal
from kaoji_desktop.reports import notice as _notice
from kaoji_desktop.reports import publicity as _publicity
from kaoji_desktop.reports.document import Document
from kaoji_desktop.reports.settings import (
    PublicitySettings,
    SettingsMissing,
    load_settings,
    save_settings,
)


class ReportKind(NamedTuple):
    title: str  # Chinese, for menus and messages
    build: Callable[[YearData, YearResult, PublicitySettings, str | None, str | None], Document]
    needs_period: bool = False


def _forms_kind(builder: Callable[[YearData], Document]) -> Callable[..., Document]:
    return lambda data, result, settings, period, stage: builder(data)


REPORT_KINDS: dict[str, ReportKind] = {
    "publicity-communities": ReportKind(
        "社区(网格)考绩结果公示表",
        lambda d, r, s, p, st: _publicity.community_publicity(d, r, s, st)),
    "publicity-staff": ReportKind(
        "工作人员考绩结果公示表",
        lambda d, r, s, p, st: _publicity.staff_publicity(d, r, s, st)),
    "notice": ReportKind(
        "考绩结果通报（发文）",
        lambda d, r, s, p, st: _notice.result_notice(d, r, s, st)),
    "internal-check": ReportKind(
        "内部核对表（不公示）",
        lambda d, r, s, p, st: _internal.internal_check(d, r, s, st)),
    "bulletin": ReportKind(
        "定期通报", lambda d, r, s, p, st: _bulletin.bulletin(d, r, p, s), needs_period=True),
    "form-1": ReportKind("附件1 亮点、重点、难点项目一览表", _forms_kind(_forms.project_list)),
    "form-3": ReportKind("附件3 社区考绩加分项目申报表",
                         _forms_kind(_forms.bonus_application_form)),
    "form-4": ReportKind("附件4 群众满意度测评表", _forms_kind(_forms.satisfaction_form)),
    "form-5": ReportKind("附件5 领导班子成员评价表", _forms_kind(_forms.leadership_form)),
    "form-6": ReportKind("附件6 分工对应条线工作实绩评分表", _forms_kind(_forms.line_score_form)),
    "form-7": ReportKind("附件7 社区专职工作者综合评价表",
                         _forms_kind(_forms.head_evaluation_form)),
}


def build_document(kind: str, data: YearData, result: YearResult,
                   settings: PublicitySettings | None = None, period: str | None = None,
                   stage: str | None = None) -> Document:
    """The Document of one report kind (no Qt involved).

    `stage` is the year's procedure stage (store.stages.STAGES), None when unknown;
    `settings.variant` picks 第一次公示 or 第二次公示.
    """
    if kind not in REPORT_KINDS:
        raise KeyError(f"未知报表类型：{kind}（可选：{'、'.join(REPORT_KINDS)}）")
    # a refusal (SettingsMissing, a ValueError) names the blank field in Chinese
    return REPORT_KINDS[kind].build(data, result, settings or PublicitySettings(), period, stage)


def render_pdf(kind: str, data: YearData, result: YearResult,
               settings: PublicitySettings | None, out_path: str | Path,
               period: str | None = None, stage: str | None = None) -> int:
    """Write one report as PDF; returns the page count. Needs no running app."""
    # reason: start-up time; the window imports `reports`, Qt's PDF painting and
    # pikepdf load on the first PDF
    from kaoji_desktop.reports.render import write_pdf

    return write_pdf(build_document(kind, data, result, settings, period, stage), out_path)


__all__ = ["REPORT_KINDS", "Document", "PublicitySettings", "ReportKind", "SettingsMissing",
           "build_document", "load_settings", "render_pdf", "save_settings"]
