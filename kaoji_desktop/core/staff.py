"""Staff scores of categories A, B, C with months-weighted posts (RULES.md §2).

A person's score comes from the posts they held: each post is scored by its
category from the rank r of its community and the person's own inputs
(core/staff_inputs.py). What a post takes from its community (r, tier, the
rank points of each category) is worked out once per community. The 3:5:2
distribution is in core/distribution.py, rewards in core/rewards.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from kaoji_desktop.core.entered import complete
from kaoji_desktop.core.inputs import Post, YearData
from kaoji_desktop.core.results import PostResult, StaffResult
from kaoji_desktop.core.rounding import ZERO, ZERO2, fmt2, mean, round2
from kaoji_desktop.core.rules import STAFF_KINDS, RuleSet, plain_number
from kaoji_desktop.core.staff_inputs import FAILED_BAND, StaffInputs, band

TWELVE = Decimal(12)
NO_REVIEW = "双述双评未录入"
NO_FORCED_RANK = "破难攻坚排名未录入"
NO_L = "条线评分未录入（本社区无可参照的专职社工条线评分）"
NO_H = "负责人评价未录入"

# Component labels, in the order the sheets print them.
RANK_POINTS = "社区名次得分"
REVIEW = "双述双评"
TASK = "破难攻坚"
LINE = "条线评分"
HEAD = "负责人评价"


@dataclass(frozen=True)
class CommunityPlace:
    """What a post takes from its community: rank r, tier, and the rank item
    of each category (A: 80 − 2(r−1), B: 30 − (r−1), C: 40 − 2(r−1))."""

    rank: int
    tier: int
    rank_points: dict[str, Decimal]  # category -> points
    incomplete_note: str | None  # the community's data is incomplete


def rank_points(base: Decimal, step: Decimal, rank: int) -> Decimal:
    """base − step·(rank − 1), rounded; never negative far down a district list."""
    return round2(max(ZERO, base - step * (rank - 1)))


def community_places(
    ranks: Mapping[str, int], tiers: Mapping[str, int], incomplete: set[str], rules: RuleSet
) -> dict[str, CommunityPlace]:
    return {
        name: CommunityPlace(
            rank, tiers[name],
            {"A": rank_points(rules.a_base, rules.a_step, rank),
             "B": rank_points(rules.b_rank_base, rules.b_rank_step, rank),
             "C": rank_points(rules.c_base, rules.c_step, rank)},
            f"所在社区 {name} 数据不完整" if name in incomplete else None,
        )
        for name, rank in ranks.items()
    }


def main_post(posts: list[Post]) -> Post:
    """The post with most months; on a tie the later one in input order."""
    return max(enumerate(posts), key=lambda ip: (ip[1].months, ip[0]))[1]


def posts_by_person(
    data: YearData, communities: Mapping[str, object], year_warnings: list[str]
) -> dict[str, list[Post]]:
    """Each person's valid posts, in input order."""
    by_person: dict[str, list[Post]] = {}
    for row in data.posts:
        # A row holding None is half-entered (core/entered.py); checked here,
        # the one loop over the posts.
        post = row
        if row.person is None or row.kind is None or row.community is None or row.months is None:
            completed = complete(row)
            if completed is None:
                continue
            post = completed
        if post.kind not in STAFF_KINDS:
            year_warnings.append(f"人员 {post.person}：未知类别“{post.kind}”，该岗位已忽略")
        elif post.community not in communities:
            year_warnings.append(f"人员 {post.person}：未知社区“{post.community}”，该岗位已忽略")
        elif post.months <= ZERO:
            year_warnings.append(f"人员 {post.person}：在岗月数{post.months}无效，该岗位已忽略")
        else:
            by_person.setdefault(post.person, []).append(post)
    return by_person


def fallback_l(
    by_person: Mapping[str, list[Post]], own_l: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """Type-C fallback L: mean own L of the community's type-C staff having one."""
    by_community: dict[str, list[Decimal]] = {}
    for person, posts in by_person.items():
        own = own_l.get(person)
        if own is None:
            continue
        for community in {p.community for p in posts if STAFF_KINDS[p.kind] == "C"}:
            by_community.setdefault(community, []).append(own)
    return {c: round2(m) for c, v in by_community.items() if (m := mean(v)) is not None}


def fail_reason(rules: RuleSet, l_score: Decimal | None, h_score: Decimal | None) -> str:
    """The fail rule of §2 C, with the person's L and H and the year's bands."""
    return (f"条线评分与负责人评价均为不合格档，年度考核不合格"
            f"（L {fmt2(l_score or ZERO)}低于{plain_number(rules.l_bands[2])}分，"
            f"H {fmt2(h_score or ZERO)}低于{plain_number(rules.h_bands[2])}分）")


def staff_scores(
    data: YearData,
    inputs: StaffInputs,
    places: Mapping[str, CommunityPlace],
    year_warnings: list[str],
) -> list[StaffResult]:
    """Every person's months-weighted score (§2), in name order.

    The 档, coefficient and rewards need everyone's score: they are filled
    in by the next steps (core/distribution.py, core/rewards.py).

    Each post is scored by its category; every part has 2 decimals, so their
    plain sum needs no rounding. A district year has ~6,000 people: this
    loop is the hot path of a recompute, hence one loop, no call per post.
    """
    rules = data.rules
    by_person = posts_by_person(data, places, year_warnings)
    dual_review, forced_rank = inputs.dual_review, inputs.forced_rank
    own_l, head = inputs.own_l, inputs.head
    fallback = fallback_l(by_person, own_l)
    people: list[StaffResult] = []
    for person in sorted(by_person):
        posts = by_person[person]
        missing: set[str] = set()
        warnings: list[str] = []
        scored: list[PostResult] = []
        l_post: Post | None = None  # the C post with most months, latest on a tie
        for post in posts:
            category = STAFF_KINDS[post.kind]
            place = places[post.community]
            points = place.rank_points[category]
            if place.incomplete_note is not None:
                missing.add(place.incomplete_note)
            components: dict[str, Decimal]
            if category == "A":  # 80 − 2(r−1) + 20·(0.5a + 0.5b)/100
                review = dual_review.get(person)
                if review is None:
                    missing.add(NO_REVIEW)
                    review = ZERO
                part = round2(rules.a_review_max * review / 100)
                components, score = {RANK_POINTS: points, REVIEW: part}, points + part
            elif category == "B":  # 70 − 2(f−1) + 30 − (r−1)
                forced = forced_rank.get(person)
                if forced is None:
                    missing.add(NO_FORCED_RANK)
                    task = ZERO2
                else:
                    task = rank_points(rules.b_task_base, rules.b_task_step, forced)
                components, score = {TASK: task, RANK_POINTS: points}, task + points
            else:  # C: 40 − 2(r−1) + L + H; L falls back to the community's mean
                if l_post is None or post.months >= l_post.months:
                    l_post = post
                l_value = own_l.get(person)
                if l_value is None:
                    l_value = fallback.get(post.community)
                    if l_value is None:
                        missing.add(NO_L)
                        l_value = ZERO2
                    else:
                        warnings.append(f"无对应条线，条线评分取{post.community}"
                                        f"专职社工平均值{fmt2(l_value)}")
                h_value = head.get(person)
                if h_value is None:
                    missing.add(NO_H)
                    h_value = ZERO2
                components = {RANK_POINTS: points, LINE: l_value, HEAD: h_value}
                score = points + l_value + h_value
            scored.append(PostResult(post.kind, category, post.community, post.months,
                                     place.rank, components, score, place.tier))

        # The person: the months-weighted mean over posts, rounded.
        if len(posts) == 1:  # the usual case: the mean is the post's score
            main, score, months = posts[0], scored[0].score, ZERO + posts[0].months
        else:
            main = main_post(posts)
            months = sum((p.months for p in posts), ZERO)
            score = round2(sum((s.score * s.months for s in scored), ZERO) / months)
        if months > TWELVE:
            warnings.append(f"在岗月数合计{months}，超过12个月")
        category = STAFF_KINDS[main.kind]

        # L and H (§2 C): the L of the C post with most months (latest on a
        # tie), the bands, and the fail rule (both 不合格).
        l_score = h_score = l_band = h_band = None
        failed = ""
        if l_post is not None:
            l_score = own_l.get(person)
            if l_score is None:
                l_score = fallback.get(l_post.community)
            h_score = head.get(person)
            l_band = band(l_score, rules.l_bands)
            h_band = band(h_score, rules.h_bands)
            if category == "C" and l_band == h_band == FAILED_BAND:
                failed = fail_reason(rules, l_score, h_score)
        people.append(StaffResult(
            person, main.kind, category, main.community, tuple(scored), score,
            l_score, l_band, h_score, h_band, failed=bool(failed), grade=None,
            coefficient=ZERO, reward=ZERO, incomplete=bool(missing),
            missing=tuple(sorted(missing)) if missing else (),
            warnings=tuple(sorted(set(warnings))) if warnings else (),
            fail_reason=failed,
        ))
    return people
