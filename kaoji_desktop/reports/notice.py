"""发文: the notice that ends the procedure (RULES.md §4) —
关于{年度}{单位}社区(网格)及工作人员考绩结果的通报.

A 公文 after GB/T 9704 (style "gbt9704"): 发文字号, title, 主送机关, a body
summarising the results, the 附件说明 listing the two result tables, 署名
and 成文日期 with room for the seal; the two tables follow as 附件1 and 附件2,
and the 版记 (印发机关 and 印发日期) closes the document. Printed as final only
once the year is 已发文; before that it is a 草稿.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from kaoji_desktop.core.model import GRADE_NAMES, TIER_NAMES, YearData, YearResult
from kaoji_desktop.core.results import UNFINISHED
from kaoji_desktop.core.rounding import fmt2 as fmt
from kaoji_desktop.reports.document import (
    Block,
    Cell,
    CellLike,
    Column,
    Document,
    Paragraph,
    Section,
    Signature,
    Spacer,
    Table,
)
from kaoji_desktop.reports.publicity import (
    CATEGORY_TITLES,
    measures_title,
    public_explanation,
    signed_points,
)
from kaoji_desktop.reports.settings import (
    DEFAULT_RECIPIENTS,
    PublicitySettings,
    chinese_date,
)
from kaoji_desktop.store.stages import ISSUED, STAGES


def notice_title(data: YearData, settings: PublicitySettings) -> str:
    org = settings.organisation or data.organisation
    return f"关于{data.year}年度{org}社区(网格)及工作人员考绩结果的通报"


def attachment_titles(data: YearData, settings: PublicitySettings) -> tuple[str, str]:
    org = settings.organisation or data.organisation
    return (f"{data.year}年度{org}社区(网格)考绩结果",
            f"{data.year}年度{org}社区(网格)工作人员考绩结果")


def notice_draft(result: YearResult, year_stage: str | None) -> tuple[bool, str]:
    if not result.complete:
        return True, "数据不完整，仅供核对，不得发文"
    if year_stage is not None and year_stage in STAGES and \
            STAGES.index(year_stage) < STAGES.index(ISSUED):
        return True, f"尚未进入{ISSUED}阶段，仅供核对"
    return False, ""


def _tier_sentence(result: YearResult) -> str:
    """Who is in which tier; communities still missing inputs are named 未完成."""
    done = [c for c in result.communities if not c.incomplete]
    parts = []
    for tier, name in TIER_NAMES.items():
        names = [c.name for c in done if c.tier == tier]
        if names:
            parts.append(f"{'、'.join(names)}为{name}")
    unfinished = [c.name for c in result.communities if c.incomplete]
    if unfinished:
        parts.append(f"{'、'.join(unfinished)}{UNFINISHED}")
    return "；".join(parts)


def _staff_sentences(result: YearResult) -> list[str]:
    out = []
    for category, title in CATEGORY_TITLES.items():
        people = [s for s in result.staff if s.category == category]
        if not people:
            continue
        done = [s for s in people if not s.incomplete]
        grades = Counter(s.grade for s in done if not s.failed)
        counts = [f"{GRADE_NAMES[g]}{grades[g]}人" for g in sorted(GRADE_NAMES) if grades[g]]
        failed = sum(s.failed for s in done)
        if failed:
            counts.append(f"不合格{failed}人")
        if len(done) < len(people):
            counts.append(f"{UNFINISHED}{len(people) - len(done)}人")
        out.append(f"{title}共{len(people)}人，其中{'、'.join(counts) or '未分档'}")
    return out


def _body(data: YearData, result: YearResult, settings: PublicitySettings) -> list[Paragraph]:
    org = settings.organisation or data.organisation
    tiers = _tier_sentence(result)
    moves = [f"{c.name}{public_explanation(c)}" for c in result.communities
             if c.moves and not c.incomplete]
    move_text = f"其中，{'；'.join(moves)}。" if moves else ""
    staff = _staff_sentences(result)
    first, second = attachment_titles(data, settings)
    paragraphs = [
        Paragraph(f"{settings.recipients or DEFAULT_RECIPIENTS}：", indent=0),
        Paragraph(f"根据{measures_title(data, settings)}，经各考核责任科室考核、分管领导审签，"
                  f"街道考绩办汇总并两次公示，街道党工委会议研究，{data.year}年度{org}"
                  f"社区(网格)及工作人员考绩工作已经结束。现将考绩结果通报如下："),
        Paragraph("一、社区(网格)考绩结果", role="h1"),
        Paragraph(f"全街道{len(result.communities)}个社区(网格)参加考绩。{tiers}。"
                  f"{move_text}各社区(网格)得分及名次详见附件1。" if tiers
                  else "本年度尚无社区(网格)考绩结果。"),
        Paragraph("二、工作人员考绩结果", role="h1"),
        Paragraph(("；".join(staff) + "。" if staff else "本年度无工作人员参加考绩。")
                  + "各工作人员得分及档次详见附件2。"),
        Paragraph("三、有关要求", role="h1"),
        Paragraph("考绩结果与个人考绩奖励挂钩，按照“多劳多得、优绩优酬”的原则兑现。"
                  "希望各社区(网格)和全体工作人员对照考绩结果，总结经验、查找不足，"
                  "进一步传递压力、增强动力、激发活力，推动各项工作再上新台阶。"),
        Spacer(6),
        Paragraph(f"附件：1．{first}\n2．{second}", indent=2, hang=5),
    ]
    return paragraphs


def numbered_section(number: str, title: str, blocks: tuple[Block, ...],
                     signature: Signature | None = None,
                     imprint: tuple[str, ...] = ()) -> Section:
    """A 公文's first section: 发文字号 centred above the title (GB/T 9704 7.2.4).

    The document model draws Section.title before any block, so with a number
    the title becomes a centred bold block under it; without one it stays the
    section title (in the title face).
    """
    if not number:
        return Section(title=title, blocks=blocks, signature=signature, imprint=imprint)
    head = (Paragraph(number, align="center", indent=0), Spacer(6),
            Paragraph(title, align="center", indent=0, bold=True), Spacer(6))
    return Section(title="", blocks=(*head, *blocks), signature=signature, imprint=imprint)


def _community_table(result: YearResult) -> Table:
    header = (("名次", "社区(网格)", "条线得分", "个性项目", "满意度", "领导评价", "加减分",
               "总分", "等次"),)
    rows = tuple((str(c.rank), c.name, fmt(c.lines), fmt(c.projects), fmt(c.satisfaction),
                  fmt(c.leadership), signed_points(c.bonus), fmt(c.total), c.tier_text)
                 for c in result.communities)
    columns = (Column(0.6), Column(1.5), *(Column(0.95) for _ in range(6)), Column(1.1))
    return Table(columns, header, rows, font_pt=11)  # the reasons are in the body text


def _staff_table(result: YearResult) -> Table:
    rows: list[tuple[CellLike, ...]] = []
    for category, title in CATEGORY_TITLES.items():
        people = [s for s in result.staff if s.category == category]
        if not people:
            continue
        rows.append((Cell(title, colspan=6, align="left", bold=True),))
        rows.extend((str(n), s.person, s.kind, s.community, fmt(s.score), s.grade_text)
                    for n, s in enumerate(people, start=1))
    if not rows:
        rows.append(("", "", "", "", "", ""))
    return Table((Column(0.6), Column(1.2), Column(1.5), Column(1.5), Column(0.9), Column(0.9)),
                 (("序号", "姓名", "类别", "社区(网格)", "得分", "档次"),), tuple(rows),
                 font_pt=11)


def _attachment(number: int, title: str, table: Table,
                imprint: tuple[str, ...] = ()) -> Section:
    return Section(title="", blocks=(
        Paragraph(f"附件{number}", role="h1", indent=0),
        Paragraph(title, align="center", indent=0, bold=True),
        Spacer(3), table), imprint=imprint)


def notice_issuer(data: YearData, settings: PublicitySettings) -> str:
    """发文机关署名: the set one, else the 党工委 (the measures' issuer)."""
    return settings.notice_issuer or f"中共{settings.organisation or data.organisation}工作委员会"


def imprint_line(data: YearData, settings: PublicitySettings,
                 when: date | None = None) -> str:
    """版记: 印发机关 at the left, 印发日期 at the right (Section.imprint's "A\tB");
    the date is the set 印发日期, else `when` (the 成文日期)."""
    office = settings.print_office or settings.issuer_for(data.organisation)
    return f"{office}\t{chinese_date(settings.print_date or when)}印发"


def result_notice(data: YearData, result: YearResult, settings: PublicitySettings,
                  year_stage: str | None = None) -> Document:
    """The 发文 notice with its two 附件 and the 版记."""
    # no refusal without a 文号: once 已发文 the year is read-only, so a number left
    # out is written by hand rather than forcing a reopening (the page warns before)
    draft, reason = notice_draft(result, year_stage)
    title = notice_title(data, settings)
    issuer = notice_issuer(data, settings)
    main = numbered_section(settings.doc_number.strip(), title,
                            tuple(_body(data, result, settings)),
                            Signature((issuer, chinese_date(settings.notice_date)), seal=True))
    first, second = attachment_titles(data, settings)
    # the 版记 closes the whole document: on the last 附件's last page (GB/T 9704 §10)
    imprint = (imprint_line(data, settings, settings.notice_date),)
    sections = (main, _attachment(1, first, _community_table(result)),
                _attachment(2, second, _staff_table(result), imprint))
    return Document(name=title, sections=sections, style="gbt9704", draft=draft,
                    draft_reason=reason, table_pt=11)
