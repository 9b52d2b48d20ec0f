"""The breakdown of a selected result row (the pane beside the grid): how a
community's tier came about, a person's posts and 3:5:2 standing, and what
is still missing (未完成). HTML for a QTextBrowser; every number comes from
the YearResult."""

from __future__ import annotations

from typing import Any

from kaoji_desktop.core.model import TIER_NAMES, CommunityResult, RuleSet, StaffResult
from kaoji_desktop.gui.models.table import fmt
from kaoji_desktop.gui.pages.explain import (
    NONE,
    UNFINISHED,
    Standing,
    move_label,
)

TODO_LINK = "todo"  # href in a breakdown that opens the 待办 page


def _c(value: Any) -> str:
    return fmt(value, 2)


def tier_basis(c: CommunityResult, rules: RuleSet | None = None) -> str:
    """Short 等次依据: by rank, or which rule moved the tier (named with the
    year's constants)."""
    if not c.moves:
        return "按名次比例" + ("（并列）" if c.tie_shown else "")
    return "；".join(f"{move_label(m, rules) if rules else m.rule}："
                    f"{TIER_NAMES[m.from_tier]}→{TIER_NAMES[m.to_tier]}" for m in c.moves)


def unfinished_note(missing: tuple[str, ...], what: str) -> str:
    """The breakdown's 未完成 paragraph: what is missing and a link to 待办."""
    shown = "；".join(missing[:8]) + (f" 等 {len(missing)} 项" if len(missing) > 8 else "")
    return (f"<p style='color:#a04000'><b>未完成：</b>{what}尚缺数据，以下为按已录入数据的"
            f"暂定结果。{shown}　<a href='{TODO_LINK}'>查看待办</a></p>")


def tier_story(c: CommunityResult, ratio: tuple[int, ...]) -> str:
    """The tier, step by step, for the breakdown pane."""
    by_rank = TIER_NAMES[c.tier_by_rank]
    steps = [f"总分第 {c.rank} 名，按 {':'.join(map(str, ratio))} 比例为{by_rank}"]
    if c.tie_shown:
        steps.append("与相邻名次并列于等次分界处")
    steps.extend(f"{m.reason}（{TIER_NAMES[m.from_tier]}→{TIER_NAMES[m.to_tier]}）"
                 for m in c.moves)
    steps.append(f"最终为<b>{c.tier_name}</b>")
    return "<p><b>等次：</b>" + "；<br>".join(steps) + "</p>"


def community_breakdown(c: CommunityResult, ratio: tuple[int, ...] = (2, 3, 2),
                        line_order: tuple[str, ...] = (),
                        absent: frozenset[str] = frozenset()) -> str:
    """Heading, how the tier came about, then the line scores (left, in the
    year's line order as the measures list them) beside the components
    (right), then barring, missing data and warnings."""
    left = ["<table cellspacing=0 cellpadding=2>"]
    order = {name: i for i, name in enumerate(line_order)}
    lines = sorted(c.line_scores.items(), key=lambda item: order.get(item[0], len(order)))
    for line, score in lines:
        left.append(f"<tr><td>条线 · {line}</td><td align=right>&nbsp;&nbsp;"
                    f"{'未评' if score is None else _c(score)}</td></tr>")
    left.append("</table>")
    right = ["<table cellspacing=0 cellpadding=2>"]
    for label, value in (("条线得分", c.lines), ("个性项目", c.projects),
                         ("满意度", c.satisfaction), ("领导评价", c.leadership),
                         ("加减分", c.bonus), ("总分", c.total)):
        shown = "未录入" if label in absent else _c(value)
        right.append(f"<tr><td><b>{label}</b></td><td align=right>&nbsp;&nbsp;"
                     f"<b>{shown}</b></td></tr>")
    right.append("</table>")
    tier = f"暂定{c.tier_name}（未完成）" if c.incomplete else c.tier_name
    if "总分" in absent:
        rows = [f"<h3>{c.name}：尚未录入得分，{UNFINISHED}</h3>"]
    else:
        rows = [f"<h3>{c.name}：总分 {_c(c.total)}，第 {c.rank} 名，{tier}</h3>"]
    if c.incomplete:
        rows.append(unfinished_note(c.missing, "本社区"))
    rows += [tier_story(c, ratio),
            "<table cellspacing=0 cellpadding=0><tr><td valign=top>", *left,
            "</td><td width=40></td><td valign=top>", *right, "</td></tr></table>"]
    if c.barred:
        rows.append("<p><b>取消第一等次资格：</b>" + "、".join(c.bar_reasons) + "</p>")
    if c.warnings:
        rows.append("<p><b>提示：</b>" + "；".join(c.warnings) + "</p>")
    return "".join(rows)


def staff_breakdown(s: StaffResult, standing: Standing | None = None,
                    score_known: bool = True) -> str:
    """Heading, 未完成 note, the 3:5:2 standing (or the fail rule), the posts."""
    grade = UNFINISHED if s.incomplete else (s.grade_name or "未分档")
    score = f"{_c(s.score)} 分" if score_known else f"{NONE} 分（本人评分未录入）"
    rows = [f"<h3>{s.person}：{score}，{grade}</h3>"]
    if s.incomplete:
        rows.append(unfinished_note(s.missing, "本人或所在社区"))
    if standing is not None:
        style = " style='color:#b00000'" if s.failed else ""
        lead = "暂定分档" if s.incomplete else "分档"
        rows.append(f"<p{style}><b>{lead}：</b>{standing.grade_detail}</p>")
    for post in s.posts:
        parts = "，".join(f"{k} {_c(v)}"
                         for k, v in post.components.items())
        reward = "" if s.incomplete else f"；奖励 {_c(post.reward)} 元"
        rows.append(f"<p><b>{post.kind}（{post.category}类）· {post.community}</b>"
                    f"，在岗 {fmt(post.months)} 个月，社区第 {post.community_rank} 名：{parts}"
                    f"；得分 {_c(post.score)}{reward}</p>")
    if s.l_score is not None:
        rows.append(f"<p>条线评分 L {_c(s.l_score)}（{s.l_band}）</p>")
    if s.h_score is not None:
        rows.append(f"<p>负责人评价 H {_c(s.h_score)}（{s.h_band}）</p>")
    if s.incomplete:
        rows.append(f"<p>奖金系数、奖励金额：{NONE}（数据未完成，暂不计算）</p>")
    else:
        rows.append(f"<p>奖金系数 {fmt(s.coefficient)}，奖励金额 {_c(s.reward)} 元</p>")
    if s.warnings:
        rows.append("<p><b>提示：</b>" + "；".join(s.warnings) + "</p>")
    return "".join(rows)
