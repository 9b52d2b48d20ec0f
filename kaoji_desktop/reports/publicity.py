"""公示表: the community and staff results sheets posted for publicity.

A posted sheet carries what the public needs: the results, the reasons of
rule moves, the period and how to object. Warnings and pending items (待审核
加减分, allocation checks …) go to the clerk's pages and to the 内部核对表
(`internal_check`), never onto a posted sheet.
"""

from __future__ import annotations

from decimal import Decimal

from kaoji_desktop.core.model import CommunityResult, YearData, YearResult
from kaoji_desktop.core.rounding import fmt2
from kaoji_desktop.core.values import fmt as plain  # full marks as typed: 100, 24, 0.5
from kaoji_desktop.reports.document import (
    Cell,
    Column,
    Document,
    Paragraph,
    Section,
    Signature,
    Table,
)
from kaoji_desktop.reports.settings import (
    TRUTHFUL_REQUEST,
    PublicitySettings,
    chinese_date,
    stage_reached,
)

CATEGORY_TITLES = {
    "A": "在社区(网格)网格长、网格指导员、社区书记(主任)",
    "B": "抽调四旧改造破难攻坚的网格长",
    "C": "社区专职工作者",
}


def community_title(data: YearData, settings: PublicitySettings) -> str:
    org = settings.organisation or data.organisation
    return settings.title or f"{data.year}年{org}社区(网格)考绩结果公示"


def staff_title(data: YearData, settings: PublicitySettings) -> str:
    org = settings.organisation or data.organisation
    return settings.staff_title or f"{data.year}年{org}社区(网格)工作人员考绩结果公示"


def draft_state(result: YearResult, settings: PublicitySettings,
                year_stage: str | None) -> tuple[bool, str]:
    """Whether the sheet is a draft (草稿), and why, in Chinese."""
    if not result.complete:
        return True, "数据不完整，仅供核对，不得公示"
    if not stage_reached(year_stage, settings.variant):
        return True, f"尚未进入{settings.variant}阶段，仅供核对"
    return False, ""


def measures_title(data: YearData, settings: PublicitySettings) -> str:
    org = settings.organisation or data.organisation
    return f"《{data.year}年{org}社区(网格)及工作人员考绩工作实施办法》"


def _intro(data: YearData, settings: PublicitySettings, what: str) -> tuple[Paragraph, ...]:
    measures = measures_title(data, settings)
    purpose = "为体现考绩工作公开、公平、公正，广泛接受群众和社会监督，"
    if settings.variant == "第二次公示":
        text = (f"根据{measures}，经街道党工委会议研究，"
                f"{purpose}现将{data.year}年度{what}考绩结果予以第二次公示。")
    else:
        text = (f"根据{measures}，经各考核责任科室考核、分管领导审签，街道考绩办汇总，"
                f"{purpose}现将{data.year}年度{what}考绩结果予以公示。")
    computed = settings.period()
    length = f"（{computed.length_text}）" if computed is not None and settings.end is None else ""
    period = (f"公示时间为{chinese_date(settings.start)}至"
              f"{chinese_date(settings.end_date())}{length}。")
    return (Paragraph(text + period),)


def _closing(data: YearData, settings: PublicitySettings
             ) -> tuple[tuple[Paragraph, ...], Signature]:
    objection = Paragraph(settings.objection_text(settings.organisation or data.organisation))
    sig = Signature((settings.issuer_for(data.organisation),
                     chinese_date(settings.signed_date())))
    return (objection, Paragraph(TRUTHFUL_REQUEST)), sig


def public_explanation(c: CommunityResult) -> str:
    """说明 on a posted sheet: the reasons of tier moves and 并列, no warnings."""
    parts = [m.reason for m in c.moves]
    if c.tie_shown:
        parts.append("并列")
    return "；".join(parts)


def _check_final(settings: PublicitySettings, draft: bool, what: str) -> None:
    if not draft:
        settings.require_contacts(what)


def signed_points(value: Decimal) -> str:
    text = fmt2(value)
    return f"+{text}" if value > 0 else text


def community_publicity(data: YearData, result: YearResult, settings: PublicitySettings,
                        year_stage: str | None = None) -> Document:
    """社区(网格)考绩结果公示表 (landscape: ten columns and a 说明)."""
    rules = data.rules
    lines_full = sum((line.full_marks for line in data.lines), Decimal(0))
    header = ((
        "名次", "社区(网格)", f"条线得分\n({plain(lines_full)}分)",
        f"个性项目\n({plain(rules.projects_cap)}分)",
        f"满意度\n({plain(rules.satisfaction_max)}分)",
        f"领导评价\n({plain(rules.leadership_max)}分)", "加减分", "总分", "等次", "说明",
    ),)
    rows = tuple(
        (str(c.rank), c.name, fmt2(c.lines), fmt2(c.projects), fmt2(c.satisfaction),
         fmt2(c.leadership), signed_points(c.bonus), fmt2(c.total), c.tier_text,
         public_explanation(c))
        for c in result.communities
    )
    columns = (Column(0.6), Column(1.2), *(Column(0.95) for _ in range(6)), Column(1.0),
               Column(3.5, "left"))
    table = Table(columns, header, rows, min_row_mm=7.5)
    closing, sig = _closing(data, settings)
    draft, reason = draft_state(result, settings, year_stage)
    _check_final(settings, draft, "社区(网格)考绩结果公示表")
    title = community_title(data, settings)
    section = Section(
        title=title, subtitles=(f"（{settings.variant}）",),
        blocks=(*_intro(data, settings, "社区(网格)"), table, *closing),
        signature=sig,
    )
    return Document(name=f"{title}（{settings.variant}）", sections=(section,), landscape=True,
                    draft=draft, draft_reason=reason, table_pt=11.5, line_spacing=1.6,
                    fit_pages=1)


def staff_publicity(data: YearData, result: YearResult, settings: PublicitySettings,
                    year_stage: str | None = None) -> Document:
    """社区(网格)工作人员考绩结果公示表, grouped by category (§2.1)."""
    rows: list[tuple[str | Cell, ...]] = []
    for category in ("A", "B", "C"):
        people = [s for s in result.staff if s.category == category]
        if not people:
            continue
        rows.append((Cell(CATEGORY_TITLES[category], colspan=6, align="left", bold=True),))
        for n, s in enumerate(people, start=1):
            rows.append((str(n), s.person, s.kind, s.community, fmt2(s.score), s.grade_text))
    header = (("序号", "姓名", "类别", "社区(网格)", "得分", "档次"),)
    columns = (Column(0.7), Column(1.3), Column(1.6), Column(1.6), Column(1.0), Column(1.0))
    table = Table(columns, header, tuple(rows))
    closing, sig = _closing(data, settings)
    draft, reason = draft_state(result, settings, year_stage)
    _check_final(settings, draft, "工作人员考绩结果公示表")
    title = staff_title(data, settings)
    section = Section(
        title=title, subtitles=(f"（{settings.variant}）",),
        blocks=(*_intro(data, settings, "社区(网格)工作人员"), table, *closing),
        signature=sig,
    )
    return Document(name=f"{title}（{settings.variant}）", sections=(section,),
                    draft=draft, draft_reason=reason)


