"""compute_year: one full, pure recompute of a year (RULES.md §1-§3)."""

from __future__ import annotations

from decimal import Context, Decimal, localcontext
from operator import attrgetter

from kaoji_desktop.core.community import community_components
from kaoji_desktop.core.distribution import forced_distribution
from kaoji_desktop.core.entered import entered
from kaoji_desktop.core.inputs import YearData
from kaoji_desktop.core.lines import line_results
from kaoji_desktop.core.results import CommunityResult, YearResult
from kaoji_desktop.core.rewards import Rewards
from kaoji_desktop.core.staff import community_places, staff_scores
from kaoji_desktop.core.staff_inputs import proportion_checks, staff_inputs
from kaoji_desktop.core.tiers import community_tiers

# Fixed arithmetic context: results must not depend on a caller's context.
_CONTEXT = Context(prec=34)


def compute_year(data: YearData) -> YearResult:
    """Recompute every result of a year from its data."""
    with localcontext(_CONTEXT):
        return _compute(entered(data))


def _dedupe(items: list[str]) -> tuple[str, ...]:
    """Sorted and unique: warnings must not depend on input order."""
    return tuple(sorted(set(items)))


def _unknown_references(data: YearData, known: set[str]) -> list[str]:
    """Entries naming a community the year does not have (they are ignored)."""
    named = {
        "个性项目": {x.community for x in data.projects},
        "满意度": {x.community for x in data.satisfaction},
        "满意度测评": {x.community for x in data.satisfaction_ratings},
        "领导评价": {x.community for x in data.leader_scores},
        "加减分": {x.community for x in data.bonus_items},
    }
    return [
        f"{sheet}：未知社区“{name}”，已忽略"
        for sheet, names in named.items()
        for name in sorted(names - known)
    ]


def _compute(data: YearData) -> YearResult:
    rules = data.rules
    warnings: list[str] = []
    names = sorted({c.name for c in data.communities})
    if len(names) != len(data.communities):
        warnings.append("社区名称重复")

    # Communities (§1): lines (§1.1-1.2), the other components (§1.3-1.6).
    warnings.extend(_unknown_references(data, set(names)))
    ratings = dict(rules.rating_values)
    if any(r.rating not in ratings for r in data.satisfaction_ratings):
        warnings.append("满意度测评：存在无效的评价等级，已忽略")
    lines = line_results(data)
    warnings.extend(lines.warnings)
    comps = community_components(data)

    # Totals, ranks and tiers (§1.7), barred communities (§1.8).
    bars: dict[str, set[str]] = {}
    for veto in data.vetoes:
        if veto.community in comps:
            bars.setdefault(veto.community, set()).add(veto.matter)
        else:
            warnings.append(f"否决事项：未知社区“{veto.community}”，已忽略")
    bar_reasons = {n: tuple(sorted(m)) for n, m in bars.items()}

    totals: dict[str, Decimal] = {}
    for n in names:
        c = comps[n]
        totals[n] = lines.component[n] + c.projects + c.satisfaction + c.leadership + c.bonus
    tiers, quotas = community_tiers(totals, bar_reasons, rules)

    communities = []
    incomplete: set[str] = set()
    for n in names:
        c, t = comps[n], tiers[n]
        missing = tuple(lines.missing[n] + c.missing)
        if missing:
            incomplete.add(n)
        communities.append(CommunityResult(
            name=n, line_scores=lines.annual[n], lines=lines.component[n],
            projects=c.projects, satisfaction=c.satisfaction, leadership=c.leadership,
            bonus=c.bonus, total=totals[n], rank=t.rank, tier_by_rank=t.tier_by_rank,
            tier=t.tier, barred=n in bar_reasons, bar_reasons=bar_reasons.get(n, ()),
            moves=tuple(t.moves), tied_at_boundary=t.tied_at_boundary,
            incomplete=bool(missing), missing=missing, warnings=_dedupe(c.warnings),
        ))
    communities.sort(key=lambda r: (r.rank, r.name))

    # Staff (§2): scores, the 3:5:2 distribution (§2.1), rewards (§2.2).
    inputs = staff_inputs(data, warnings)
    places = community_places({n: tiers[n].rank for n in names},
                              {n: tiers[n].tier for n in names}, incomplete, rules)
    staff = staff_scores(data, inputs, places, warnings)
    dist = forced_distribution(staff, rules)
    warnings.extend(dist.warnings)
    rewards = Rewards(data.reward_bases)
    rewards.award(staff)
    warnings.extend(rewards.warnings)
    # By category, score descending, name: `staff` is in name order and
    # sorts are stable.
    staff.sort(key=attrgetter("score"), reverse=True)
    staff.sort(key=attrgetter("category"))
    home = {s.person: s.community for s in staff}

    checks = proportion_checks(data, inputs, home)
    year_missing = [f"{c.name}：{m}" for c in communities for m in c.missing]
    short = sum(1 for s in staff if s.incomplete)
    if short:
        year_missing.append(f"人员数据不完整：{short}人")
    if not names:
        year_missing.append("尚未录入社区")
    return YearResult(
        year=data.year, organisation=data.organisation, communities=tuple(communities),
        staff=tuple(staff), line_rankings=lines.rankings, talks=lines.talks,
        proportions=checks, tier_quotas=quotas, complete=not year_missing,
        warnings=_dedupe(warnings), grade_quotas=dist.quotas, missing=tuple(year_missing),
    )
