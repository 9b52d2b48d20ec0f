"""Community components besides lines: 个性项目, 群众满意度, 领导评价, 加减分
(RULES.md §1.3-§1.6). Each component comes back rounded (§0)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kaoji_desktop.core.inputs import YearData
from kaoji_desktop.core.rounding import ZERO, ZERO2, fmt2, round2
from kaoji_desktop.core.rules import RuleSet

APPROVED = "通过"
PENDING = "申报"


@dataclass
class Components:
    projects: Decimal = ZERO2
    satisfaction: Decimal = ZERO2
    leadership: Decimal = ZERO2
    bonus: Decimal = ZERO2
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def community_components(data: YearData) -> dict[str, Components]:
    """Community name -> its rounded components, missing data and warnings."""
    rules = data.rules
    out = {c.name: Components() for c in data.communities}
    _projects(data, out)
    _satisfaction(data, rules, out)
    _leadership(data, rules, out)
    _bonus(data, rules, out)
    return out


def _projects(data: YearData, out: dict[str, Components]) -> None:
    allocated = dict.fromkeys(out, ZERO)
    scored = dict.fromkeys(out, ZERO)
    for p in data.projects:
        comp = out.get(p.community)
        if comp is None:
            continue
        allocated[p.community] += p.points
        if p.score is None:
            comp.missing.append(f"个性项目 {p.name} 未评分")
            continue
        score = min(max(p.score, ZERO), p.points)
        if score != p.score:
            comp.warnings.append(f"个性项目 {p.name} 得分{p.score}超出分值{p.points}，按{score}计")
        scored[p.community] += score
    cap = data.rules.projects_cap
    for name, comp in out.items():
        if allocated[name] == 0:
            comp.missing.append("个性项目未录入")
        elif allocated[name] != cap:
            comp.warnings.append(f"个性项目分值合计{fmt2(allocated[name])}，应为{fmt2(cap)}")
        comp.missing.sort()
        comp.projects = round2(min(scored[name], cap))


def _satisfaction(data: YearData, rules: RuleSet, out: dict[str, Components]) -> None:
    values = dict(rules.rating_values)
    # Respondent by respondent replaces counts for that community.
    by_respondent: dict[str, dict[int, str]] = {}
    for r in sorted(data.satisfaction_ratings, key=lambda r: (r.community, r.respondent, r.rating)):
        if r.community not in out or r.rating not in values:
            continue
        seen = by_respondent.setdefault(r.community, {})
        if r.respondent in seen and seen[r.respondent] != r.rating:
            out[r.community].warnings.append(f"满意度测评第{r.respondent}号重复录入")
        seen[r.respondent] = r.rating
    sums: dict[str, tuple[Decimal, int]] = {}
    for name, ratings in by_respondent.items():
        sums[name] = (sum((values[x] for x in ratings.values()), ZERO), len(ratings))
    for c in data.satisfaction:
        if c.community not in out or c.community in by_respondent:
            continue
        total, n = sums.get(c.community, (ZERO, 0))
        total += (c.excellent * values["优秀"] + c.good * values["良好"]
                  + c.passed * values["合格"] + c.failed * values["不合格"])
        sums[c.community] = (total, n + c.excellent + c.good + c.passed + c.failed)
    for name, comp in out.items():
        total, n = sums.get(name, (ZERO, 0))
        if n == 0:
            comp.missing.append("群众满意度测评未录入")
            continue
        comp.satisfaction = round2(rules.satisfaction_max * total / n)


def _leadership(data: YearData, rules: RuleSet, out: dict[str, Components]) -> None:
    scores: dict[str, dict[str, Decimal]] = {}
    for s in data.leader_scores:
        if s.community not in out:
            continue
        mine = scores.setdefault(s.community, {})
        mine[s.rater] = max(s.score, mine.get(s.rater, s.score))
    leaders = set(data.leaders)
    for name, comp in out.items():
        mine = scores.get(name, {})
        for rater in sorted(leaders - mine.keys()):
            comp.missing.append(f"领导评价 {rater} 未评分")
        if not mine:
            if not leaders:
                comp.missing.append("领导评价未录入")
            continue
        clipped = [min(max(v, ZERO), rules.leadership_max) for v in mine.values()]
        comp.leadership = round2(sum(clipped, ZERO) / len(clipped))


def _bonus(data: YearData, rules: RuleSet, out: dict[str, Components]) -> None:
    net = dict.fromkeys(out, ZERO)
    pending: dict[str, list[str]] = {}
    for b in data.bonus_items:
        if b.community not in out:
            continue
        if b.status == APPROVED:
            net[b.community] += b.points
        elif b.status == PENDING:
            pending.setdefault(b.community, []).append(b.item)
    for name, comp in out.items():
        for item in sorted(pending.get(name, [])):
            # a pending application is the office's decision to make, not missing
            # data: a warning the clerk acknowledges before publicity (RULES §4)
            comp.warnings.append(f"加减分 {item} 待审核，未计入")
        value = net[name]
        if rules.bonus_cap is not None and value > rules.bonus_cap:
            comp.warnings.append(f"加分{fmt2(value)}超过上限{fmt2(rules.bonus_cap)}，按上限计")
            value = rules.bonus_cap
        comp.bonus = round2(value)
