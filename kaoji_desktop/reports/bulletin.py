"""定期通报: the period bulletin (§四(三) 过程管理).

Per line and community the period's score and rank, the period's total and
its ranking, and the talk list (约谈名单) of the period. Like the 发文 notice
it carries its 文号 and date (per period, set on 公示设置), 主送 and the
印发 line of the 版记.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kaoji_desktop.core.model import ALL_PERIODS, CYCLE_PERIODS, YearData, YearResult
from kaoji_desktop.core.rounding import competition_ranks, fmt2
from kaoji_desktop.core.values import fmt as plain  # full marks as typed: 100, 24, 0.5
from kaoji_desktop.reports.document import (
    Cell,
    CellLike,
    Column,
    Document,
    Paragraph,
    Signature,
    Spacer,
    Table,
)
from kaoji_desktop.reports.notice import imprint_line, numbered_section
from kaoji_desktop.reports.settings import DEFAULT_RECIPIENTS, PublicitySettings, chinese_date


def latest_period(data: YearData) -> str:
    """The latest period with any line score (quarters first), else 一季度."""
    entered = {s.period for s in data.line_scores}
    for period in reversed(CYCLE_PERIODS["季度"]):
        if period in entered:
            return period
    for period in reversed(ALL_PERIODS):
        if period in entered:
            return period
    return ALL_PERIODS[0]


def bulletin(data: YearData, result: YearResult, period: str | None = None,
             settings: PublicitySettings | None = None,
             issue_date: date | None = None) -> Document:
    """{year}年{org}社区(网格){period}考绩情况通报 (landscape)."""
    period = period or latest_period(data)
    if period not in ALL_PERIODS:
        raise ValueError(f"期次应为{'、'.join(ALL_PERIODS)}之一：{period}")
    settings = settings or PublicitySettings()
    lines = [ln for ln in data.lines if period in CYCLE_PERIODS.get(ln.cycle, ())]
    names = [c.name for c in data.communities]
    ranked = {r.line: r for r in result.line_rankings if r.period == period}
    entered: dict[tuple[str, str], Decimal] = {
        (s.line, s.community): s.score for s in data.line_scores if s.period == period
    }
    complete = bool(lines) and all(ln.name in ranked for ln in lines)

    header: tuple[tuple[CellLike, ...], ...] = (
        (Cell("社区(网格)", rowspan=2), *(Cell(ln.name) for ln in lines),
         Cell("合计", rowspan=2), Cell("名次", rowspan=2)),
        tuple(f"{plain(ln.full_marks)}分" for ln in lines),
    )
    totals: dict[str, Decimal] = {}
    rows: list[tuple[CellLike, ...]] = []
    for name in names:
        cells: list[CellLike] = [name]
        total = Decimal(0)
        for ln in lines:
            score = entered.get((ln.name, name))
            rank = ranked[ln.name].ranks.get(name) if ln.name in ranked else None
            last = ln.name in ranked and name in ranked[ln.name].last
            if score is None:
                cells.append("—")
                continue
            total += score
            mark = "末位" if last else (f"第{rank}名" if rank else "")
            cells.append(f"{fmt2(score)}\n{mark}" if mark else fmt2(score))
        totals[name] = total
        rows.append(tuple(cells))
    ranks = competition_ranks(totals) if complete else {}
    rows = [(*row, fmt2(totals[name]), str(ranks[name]) if ranks else "—")
            for row, name in zip(rows, names, strict=True)]
    columns = (Column(1.25), *(Column(1.0) for _ in lines), Column(1.0), Column(0.6))
    line_table = Table(columns, header, tuple(rows), font_pt=9.5)

    order = sorted(names, key=lambda n: (ranks.get(n, 0), -totals[n], n))
    total_rows = tuple((str(ranks[n]) if ranks else "—", n, fmt2(totals[n])) for n in order)
    full = sum((ln.full_marks for ln in lines), Decimal(0))
    total_table = Table((Column(0.6), Column(1.5), Column(1.0)),
                        (("名次", "社区(网格)", f"{period}合计（满分{plain(full)}分）"),),
                        total_rows, width=0.6)

    talks = [t for t in result.talks if t.period == period]
    org = settings.organisation or data.organisation
    title = f"{data.year}年{org}社区(网格){period}考绩情况通报"
    number = settings.bulletin_number(period).strip()
    when = settings.bulletin_date(period) or issue_date
    blocks: list[Paragraph | Table | Spacer] = [
        Paragraph(f"{settings.recipients or DEFAULT_RECIPIENTS}：", indent=0),
        Paragraph(f"根据《{data.year}年{org}社区(网格)及工作人员考绩工作实施办法》关于"
                  f"“日常督查、定期通报”的要求，现将{period}各社区(网格)条线考核得分、"
                  f"排名及约谈情况通报如下。"),
        Paragraph(f"一、{period}各条线得分及排名", role="heading"),
        Paragraph("表中每格上行为得分，下行为该条线本期名次；“末位”为该条线本期最后一名。"
                  "“—”为本期无该条线得分。", role="small", indent=0),
        line_table,
        Paragraph(f"二、{period}条线考核总分排名", role="heading"),
        total_table,
        Paragraph(f"三、{period}末位约谈名单", role="heading"),
    ]
    if talks:
        blocks.append(Paragraph(
            "季度考核排名在末位的，负责该条线的工作人员由街道监察室与业务科室进行谈话；连续两个"
            "季度居于该条线末位的，网格长、社区书记(主任)与负责该条线的工作人员由街道纪工委书记"
            "和业务科室分管领导进行谈话，联系社区(网格)领导由街道党工委书记进行谈话并提出书面"
            "整改意见。", role="small", indent=0))
        blocks.append(Table(
            (Column(0.5), Column(1.6), Column(1.0), Column(1.0), Column(4.4, "left")),
            (("序号", "条线", "社区(网格)", "约谈类型", "约谈对象"),),
            tuple((str(i), t.line, t.community, t.kind, t.targets)
                  for i, t in enumerate(talks, start=1))))
    else:
        blocks.append(Paragraph("本期无末位约谈。" if complete
                                else "本期排名尚未完整，暂无约谈名单。"))
    section = numbered_section(
        number, title, tuple(blocks),
        Signature((settings.issuer_for(data.organisation), chinese_date(when))),
        imprint=(imprint_line(data, settings, when),))
    reason = "" if complete else "本期条线得分不完整，排名仅供核对"
    return Document(name=title, sections=(section,), landscape=True, draft=not complete,
                    draft_reason=reason, body_pt=13, table_pt=10.5, line_spacing=1.6)
