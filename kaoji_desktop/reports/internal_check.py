"""内部核对表: what the office checks before anything is posted.

Everything the posted sheets leave out lives here: warnings and pending
items per community (加减分 待审核, allocations that do not add up …), what
is still missing, rejected bonus applications, the 3:5:2 proportion checks,
staff warnings, the year's own warnings, and a note when the 公示 end date
had to be guessed (holidays of that year unknown). Marked as internal on
every page; never a draft watermark, since it is always for checking.
"""

from __future__ import annotations

from kaoji_desktop.core.model import YearData, YearResult
from kaoji_desktop.reports.document import CellLike, Column, Document, Paragraph, Section, Table
from kaoji_desktop.reports.settings import PublicitySettings, chinese_date

INTERNAL_MARK = "（内部核对用，不得张贴公示）"


def _bonus_lines(data: YearData, community: str) -> list[str]:
    out = []
    for b in data.bonus_items:
        # pending (申报) items are already among the warnings: 待审核，未计入
        if b.community == community and b.status not in ("通过", "申报"):
            note = f"（{b.note}）" if b.note else ""
            out.append(f"加减分 {b.item} {b.points:+}分：{b.status}{note}")
    return out


def internal_check(data: YearData, result: YearResult, settings: PublicitySettings,
                   year_stage: str | None = None) -> Document:
    """{year}年{org}考绩内部核对表 (landscape)."""
    org = settings.organisation or data.organisation
    rows: list[tuple[CellLike, ...]] = []
    for c in result.communities:
        items = ([f"提示：{w}" for w in c.warnings] + [f"缺：{m}" for m in c.missing]
                 + _bonus_lines(data, c.name) + [f"等次调整：{m.reason}" for m in c.moves])
        if c.tie_shown:
            items.append("并列跨越等次名额，提请党工委会议研究")
        rows.append((str(c.rank), c.name, c.tier_text, "\n".join(items) or "无"))
    community_table = Table(
        (Column(0.6), Column(1.4), Column(1.1), Column(8.0, "left")),
        (("名次", "社区(网格)", "等次", "需核对事项"),), tuple(rows), font_pt=10.5)

    blocks: list[Paragraph | Table] = [
        Paragraph(f"本表列出公示表上不显示的提示、待审核事项和缺漏数据，供考绩办在公示前核对。"
                  f"年度流程阶段：{year_stage or '未记录'}；数据"
                  f"{'完整' if result.complete else '不完整'}。", indent=0),
        Paragraph("一、社区(网格)", role="heading"),
        community_table,
    ]
    staff_rows = tuple(
        (s.person, s.community, "；".join([*s.warnings, *(f"缺：{m}" for m in s.missing)]))
        for s in result.staff if s.warnings or s.missing)
    blocks.append(Paragraph("二、工作人员", role="heading"))
    if staff_rows:
        blocks.append(Table((Column(1.2), Column(1.4), Column(8.0, "left")),
                            (("姓名", "社区(网格)", "需核对事项"),), staff_rows, font_pt=10.5))
    else:
        blocks.append(Paragraph("无需核对事项。", indent=0))
    blocks.append(Paragraph("三、3:5:2比例检查（科室条线评分L、社区负责人评价H）", role="heading"))
    bad = [p for p in result.proportions if not p.ok]
    if bad:
        blocks.append(Table(
            (Column(1.6), Column(0.8), Column(0.8), Column(7.0, "left")),
            (("评分单位", "项目", "人数", "说明"),),
            tuple((p.rater, p.measure, str(p.people), p.message) for p in bad), font_pt=10.5))
    else:
        blocks.append(Paragraph("各评分单位均符合3:5:2比例。", indent=0))
    blocks.append(Paragraph("四、年度及公示设置", role="heading"))
    year_items = [*result.warnings, *result.missing]
    note = settings.period_note()
    if note:
        year_items.append(note)
    missing = settings.missing_fields()
    if missing:
        year_items.append(f"公示设置未填写：{'、'.join(missing)}（正式公示表不能打印）")
    if not settings.doc_number.strip():
        year_items.append("考绩结果通报（发文）的文号未填写（已发文后年度只读，请提前填写）")
    year_items.append(f"公示时间：{chinese_date(settings.start)}至{chinese_date(settings.end_date())}")
    blocks.extend(Paragraph(f"{i}. {text}", indent=0) for i, text in
                  enumerate(year_items, start=1))
    title = f"{data.year}年{org}社区(网格)考绩内部核对表"
    section = Section(title=title, subtitles=(INTERNAL_MARK,), blocks=tuple(blocks))
    return Document(name=title, sections=(section,), landscape=True, body_pt=12,
                    table_pt=10.5, line_spacing=1.5)
