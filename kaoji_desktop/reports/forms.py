"""Blank paper forms, prefilled with names (appendices 1, 3, 4, 5, 6, 7).

Each form is for collecting scores on paper; the values come back into the
program by hand or through the workbook. One section (page group) per
community, leader or department, so the forms can be handed out separately.
"""

from __future__ import annotations

from decimal import Decimal

from kaoji_desktop.core.model import STAFF_KINDS, YearData
from kaoji_desktop.core.quotas import largest_remainder
from kaoji_desktop.core.values import fmt as plain  # full marks as typed: 100, 24, 0.5
from kaoji_desktop.reports.document import (
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

BOX = "□"
RESPONDENTS = 50  # 每社区(网格)抽取50名重点对象
RESPONDENT_TYPES = "重点对象 / 辖区企业 / “四必到、四必访”对象"
DATE_BLANK = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"


def _org(data: YearData) -> str:
    return f"{data.year}年{data.organisation}"


def project_list(data: YearData) -> Document:
    """附件1 社区亮点、重点、难点项目一览表, one per community, every column of the
    measures' table plus 得分 for the year-end scoring.

    The year file keeps no 项目内容 or 时间安排 (WORKBOOK.md 个性项目 has none):
    those columns print blank, to be filled in by hand.
    """
    sections = []
    for name in _community_names(data):
        projects = [p for p in data.projects if p.community == name]
        rows: list[tuple[CellLike, ...]] = []
        for kind in ("亮点", "重点", "难点"):
            for p in (p for p in projects if p.kind == kind):
                rows.append((f"{kind}项目", p.name, "", "", plain(p.points), p.department, ""))
        if not rows:
            rows = [("", "", "", "", "", "", "")] * 6
        total = sum((p.points for p in projects), Decimal(0))
        rows.append((Cell("合计", colspan=4, bold=True), plain(total), "", ""))
        table = Table(
            (Column(0.9), Column(2.2, "left"), Column(4.2, "left"), Column(1.8, "left"),
             Column(0.6), Column(1.3), Column(0.7)),
            (("类别", "项目名称", "项目内容", "时间安排", "分值", "指导科室", "得分"),),
            tuple(rows), min_row_mm=13)
        sections.append(Section(
            title=f"{data.year}年{name or _BLANK_NAME}亮点、重点、难点项目一览表",
            blocks=(table, Paragraph(
                f"说明：个性项目满分{plain(data.rules.projects_cap)}分，年终由街道班子成员"
                "根据任务完成情况予以评价，得分不超过该项目分值。", role="small", indent=0)),
            signature=Signature((f"评价人（签字）：{' ' * 16}", f"日期：{DATE_BLANK}")),
        ))
    return Document(name=f"{_org(data)}社区亮点、重点、难点项目一览表", sections=tuple(sections),
                    landscape=True)


BONUS_BLANK_ROWS = 6  # rows a community fills in by hand below its applications


def bonus_application_form(data: YearData) -> Document:
    """附件3 社区考绩加分项目申报表, one per community, prefilled with the bonus
    items it applied for (加减分 with positive points), blank rows to add more,
    and the community's signature line. The year file's 说明 of an item is the
    office's (basis or reason of a decision), so it goes with the decision into
    审核意见; the community writes its facts by hand."""
    header = (("序号", "加分项目", "申报分值", "申报理由及主要事实", "佐证材料", "考绩办审核意见"),)
    columns = (Column(0.6), Column(2.2, "left"), Column(0.9), Column(3.6, "left"),
               Column(1.6, "left"), Column(1.6, "left"))
    sections = []
    for name in _community_names(data):
        items = [b for b in data.bonus_items if b.community == name and b.points > 0]
        rows: list[tuple[CellLike, ...]] = [
            (str(i), b.item, plain(b.points), "", "", _review(b.status, b.note))
            for i, b in enumerate(items, start=1)]
        rows += [("", "", "", "", "", "")] * max(BONUS_BLANK_ROWS - len(rows), 2)
        sections.append(Section(
            title=f"{_org(data)}社区考绩加分项目申报表",
            subtitles=(f"申报单位：{name or _BLANK_NAME}",),
            blocks=(
                Table(columns, header, tuple(rows), min_row_mm=14),
                Paragraph("说明：加分项目及分值按《社区考绩加减分办法》(附件2)执行，每项须附"
                          "佐证材料；经街道考绩办审核通过的项目方计入年度考绩。瞒报、虚报、"
                          "错报的，扣除该项得分，并取消评优资格。", role="small", indent=0),
            ),
            signature=Signature((f"社区(网格)负责人（签字）：{' ' * 12}", "（社区盖章）",
                                 f"日期：{DATE_BLANK}")),
        ))
    return Document(name=f"{_org(data)}社区考绩加分项目申报表", sections=tuple(sections))


_BLANK_NAME = "\u3000" * 6


def _community_names(data: YearData) -> list[str]:
    """The communities a per-community form is printed for; one blank form without any."""
    return [c.name for c in data.communities] or [""]


def _review(status: str, note: str) -> str:
    """审核意见 of a decided item: 通过 / 驳回 with the office's note; blank while pending."""
    if status not in ("通过", "驳回"):
        return ""
    return f"{status}：{note}" if note else status


def satisfaction_form(data: YearData, respondents: int = RESPONDENTS) -> Document:
    """附件4 群众满意度测评表, one per community with numbered respondent rows."""
    header: tuple[tuple[CellLike, ...], ...] = (
        (Cell("序号", rowspan=2), Cell("测评对象（单位或姓名）", rowspan=2),
         Cell("对象类别", rowspan=2), Cell("评价等次（在相应栏内打“√”）", colspan=4),
         Cell("备注", rowspan=2)),
        ("优秀", "良好", "合格", "不合格"),
    )
    columns = (Column(0.6), Column(2.4, "left"), Column(1.3), Column(0.8), Column(0.8),
               Column(0.8), Column(0.8), Column(0.9))
    values = "，".join(f"{name}{plain(v)}分" for name, v in data.rules.rating_values)
    sections = []
    for c in data.communities:
        rows = tuple((str(i), "", "", BOX, BOX, BOX, BOX, "") for i in range(1, respondents + 1))
        sections.append(Section(
            title=f"{_org(data)}群众满意度测评表",
            subtitles=(f"社区(网格)：{c.name}",),
            blocks=(
                Paragraph(f"测评对象：{RESPONDENT_TYPES}。每名对象只选一个等次。", role="small",
                          indent=0),
                Paragraph(f"计分：{values}；得分＝3分×各对象分值之和÷测评人数。",
                          role="small", indent=0),
                Table(columns, header, rows, min_row_mm=6.8, font_pt=10.5),
            ),
            signature=Signature((f"测评组织人（签字）：{' ' * 16}", f"日期：{DATE_BLANK}")),
        ))
    return Document(name=f"{_org(data)}群众满意度测评表", sections=tuple(sections))


def leadership_form(data: YearData) -> Document:
    """附件5 领导班子成员对社区(网格)工作评价表, one sheet per team member."""
    full = plain(data.rules.leadership_max)
    header = (("序号", "社区(网格)", "特色和亮点工作", f"评价得分\n（满分{full}分）", "备注"),)
    columns = (Column(0.6), Column(1.6), Column(4.0, "left"), Column(1.3), Column(1.0))
    rows = tuple((str(i), c.name, "", "", "") for i, c in enumerate(data.communities, start=1))
    raters = data.leaders or ("",)
    sections = tuple(Section(
        title=f"{_org(data)}领导班子成员对社区(网格)工作评价表",
        subtitles=(f"评价人：{r or chr(0x3000) * 6}",),
        blocks=(
            Table(columns, header, rows, min_row_mm=16),
            Paragraph(f"说明：请根据各社区(网格)简短总结的特色和亮点工作予以评价打分，"
                      f"每个社区(网格)满分{full}分，可保留两位小数。", role="small", indent=0),
        ),
        signature=Signature((f"评价人（签字）：{' ' * 16}", f"日期：{DATE_BLANK}")),
    ) for r in raters)
    return Document(name=f"{_org(data)}领导班子成员对社区(网格)工作评价表", sections=sections)


def _quota_text(n: int, ratio: tuple[int, int, int]) -> str:
    q = largest_remainder(n, ratio)
    return (f"按照{ratio[0]}:{ratio[1]}:{ratio[2]}的比例分档：本表共{n}人，"
            f"优秀{q[0]}人，良好{q[1]}人，合格{q[2]}人。")


def line_score_form(data: YearData) -> Document:
    """附件6 分工对应条线工作实绩评分表, one per department with the staff it scores.

    The staff a department scores are those with a 专职条线评分 entry for one
    of its lines; a department with none gets every 社区专职工作者, line left blank.
    """
    rules = data.rules
    l1, l2, l3 = (plain(b) for b in rules.l_bands)
    guide = (f"评分标准：满分{plain(rules.l_max)}分。{plain(rules.l_max)}—{l1}分为优秀，"
             f"{_below(rules.l_bands[0])}—{l2}分为良好，{_below(rules.l_bands[1])}—{l3}分为合格，"
             f"{l3}分以下为不合格。")
    home = _staff_community(data, "C")
    departments: dict[str, list[str]] = {}
    for line in data.lines:
        departments.setdefault(line.department or line.name, []).append(line.name)
    header = (("序号", "姓名", "社区(网格)", "对应条线", "得分", "档次", "备注"),)
    columns = (Column(0.6), Column(1.1), Column(1.4), Column(2.6, "left"), Column(0.8),
               Column(0.8), Column(0.9))
    sections = []
    for dept, lines in departments.items():
        people = [(s.person, s.line) for s in data.staff_line_scores if s.line in lines]
        if not people:
            people = [(name, "") for name in home]
        people.sort(key=lambda pl: (_order(data, home.get(pl[0], "")), pl[0], pl[1]))
        rows = tuple((str(i), name, home.get(name, ""), line, "", "", "")
                     for i, (name, line) in enumerate(people, start=1))
        if not rows:
            rows = (("", "", "", "", "", "", ""),) * 5
        sections.append(Section(
            title=f"{_org(data)}分工对应条线工作实绩评分表",
            subtitles=(f"评分科室：{dept}\u3000\u3000条线：{'、'.join(lines)}",),
            blocks=(
                Paragraph(guide, role="small", indent=0),
                Paragraph(_quota_text(len(people), rules.staff_ratio), role="small", indent=0),
                Table(columns, header, rows, min_row_mm=8),
            ),
            signature=Signature((f"科室负责人（签字）：{' ' * 12}",
                                 f"分管领导（签字）：{' ' * 14}", f"日期：{DATE_BLANK}")),
        ))
    return Document(name=f"{_org(data)}分工对应条线工作实绩评分表", sections=tuple(sections))


def head_evaluation_form(data: YearData) -> Document:
    """附件7 社区专职工作者综合评价表 (社区负责人评价), one per community."""
    rules = data.rules
    h1, h2, h3 = (plain(b) for b in rules.h_bands)
    guide = (f"评分标准：满分{plain(rules.h_max)}分。{plain(rules.h_max)}—{h1}分为优秀，"
             f"{h1}分以下至{h2}分(含{h2}分)为良好，{h2}分以下至{h3}分(含{h3}分)为合格，"
             f"{h3}分以下为不合格。")
    home = _staff_community(data, "C")
    header = (("序号", "姓名", "工作实绩简述", f"评价得分\n（满分{plain(rules.h_max)}分）",
               "档次", "备注"),)
    columns = (Column(0.6), Column(1.2), Column(3.6, "left"), Column(1.3), Column(0.8),
               Column(0.9))
    sections = []
    for c in data.communities:
        names = sorted(n for n, home_c in home.items() if home_c == c.name)
        rows = tuple((str(i), n, "", "", "", "") for i, n in enumerate(names, start=1))
        if not rows:
            rows = (("", "", "", "", "", ""),) * 5
        sections.append(Section(
            title=f"{_org(data)}社区专职工作者综合评价表",
            subtitles=(f"社区(网格)：{c.name}",),
            blocks=(
                Paragraph(guide, role="small", indent=0),
                Paragraph(_quota_text(len(names), rules.staff_ratio), role="small", indent=0),
                Spacer(1),
                Table(columns, header, rows, min_row_mm=12),
            ),
            signature=Signature((f"评价人（网格长、社区书记）签字：{' ' * 10}",
                                 f"日期：{DATE_BLANK}")),
        ))
    return Document(name=f"{_org(data)}社区专职工作者综合评价表", sections=tuple(sections))


def _staff_community(data: YearData, category: str) -> dict[str, str]:
    """Person -> community of their longest post of `category` (latest on a tie)."""
    best: dict[str, tuple[Decimal, int, str]] = {}
    for i, post in enumerate(data.posts):
        if STAFF_KINDS.get(post.kind) != category:
            continue
        key = (post.months, i, post.community)
        if post.person not in best or key > best[post.person]:
            best[post.person] = key
    return {p: v[2] for p, v in best.items()}


def _order(data: YearData, community: str) -> int:
    names = [c.name for c in data.communities]
    return names.index(community) if community in names else len(names)


def _below(band: Decimal) -> str:
    """The top of the next band down: 48 -> 47 (the measures' whole-point bands)."""
    return plain(band - 1)
