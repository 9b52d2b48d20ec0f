"""compute_year: one full, pure recompute of a year (RULES.md §1-§3)."""

from __future__ import annotations

from bisect import bisect_right
from decimal import Context, Decimal, localcontext
from operator import attrgetter

from kaoji_desktop.core.community import community_components
from kaoji_desktop.core.distribution import (
    POOL,
    Rewards,
    forced_distribution,
)
from kaoji_desktop.core.entered import entered
from kaoji_desktop.core.lines import line_results
from kaoji_desktop.core.model import (
    CommunityResult,
    StaffResult,
    YearData,
    YearResult,
)
from kaoji_desktop.core.rounding import ZERO
from kaoji_desktop.core.staff import staff_scores
from kaoji_desktop.core.staff_inputs import proportion_checks
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
    sources = {
        "个性项目": data.projects, "满意度": data.satisfaction,
        "满意度测评": data.satisfaction_ratings, "领导评价": data.leader_scores,
        "加减分": data.bonus_items,
    }
    return [
        f"{sheet}：未知社区“{name}”，已忽略"
        for sheet, rows in sources.items()
        for name in sorted({row.community for row in rows} - known)
    ]


def _staff_order(
    staff: list[StaffResult], order: dict[str, list[str]], pooled: bool
) -> list[StaffResult]:
    """`staff` (in name order) by category, score descending, name.

    The 3:5:2 step has ranked everyone who did not fail by score (ties in
    name order) per category, or in one pool: that order is reused instead
    of sorting ~6,000 results again. The few who failed are put in place
    by bisection.
    """
    by_person = {s.person: s for s in staff}
    chunks: dict[str, list[StaffResult]] = {}
    for key, names in order.items():
        chunks[key] = [by_person[n] for n in names]
    failed = [s for s in staff if s.failed]
    for s in failed:
        chunk = chunks.setdefault(POOL if pooled else s.category, [])
        at = bisect_right(chunk, (-s.score, s.person), key=_by_score)
        chunk.insert(at, s)
    ordered = [s for key in sorted(chunks) for s in chunks[key]]
    if pooled:
        ordered.sort(key=attrgetter("category"))  # stable: score order kept
    return ordered


def _by_score(s: StaffResult) -> tuple[Decimal, str]:
    return -s.score, s.person


def _compute(data: YearData) -> YearResult:
    rules = data.rules
    warnings: list[str] = []
    names = sorted({c.name for c in data.communities})
    if len(names) != len(data.communities):
        warnings.append("社区名称重复")

    warnings.extend(_unknown_references(data, set(names)))
    ratings = dict(rules.rating_values)
    if any(r.rating not in ratings for r in data.satisfaction_ratings):
        warnings.append("满意度测评：存在无效的评价等级，已忽略")
    lines = line_results(data)
    warnings.extend(lines.warnings)
    comps = community_components(data)
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

    ranks = {n: tiers[n].rank for n in names}
    tier_of = {n: tiers[n].tier for n in names}
    people, inputs = staff_scores(data, ranks, tier_of, incomplete, warnings)
    dist = forced_distribution(people, rules)
    warnings.extend(dist.warnings)
    rewards = Rewards(data.reward_bases)
    grades = dist.grades
    amount = rewards.post_amount
    coefficients = rules.coefficients
    home: dict[str, str] = {}
    # People and posts were built with grade, coefficient and rewards None:
    # they are stored now, before the results are handed out (frozen to
    # everyone else).
    for s in people:
        person, failed, posts = s.person, s.failed, s.posts
        grade = grades.get(person)
        # coefficient(grade, failed, rules), inlined (~6,000 calls)
        coef = ZERO if failed or grade is None else coefficients[grade - 1]
        if len(posts) == 1:
            post = posts[0]
            reward = post.__dict__["reward"] = amount(post, coef)
        else:
            reward = Decimal(0)
            for post in posts:
                a = post.__dict__["reward"] = amount(post, coef)
                reward += a
        d = s.__dict__
        d["grade"] = None if failed else grade
        d["coefficient"] = coef
        d["reward"] = reward
        home[person] = s.community
    staff = _staff_order(people, dist.order, rules.pool_categories)
    warnings.extend(rewards.warnings)

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
