"""Staff scores of categories A, B, C with months-weighted posts
(RULES.md §2). Grades and rewards are in `distribution`.

A district year has ~6,000 people: the per-person loop is the hot path of
a recompute, so whatever depends only on a community (rank points, tier,
notes) is computed once per community, and a person allocates little.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from kaoji_desktop.core.entered import complete
from kaoji_desktop.core.fast import maker
from kaoji_desktop.core.model import STAFF_KINDS, Post, PostResult, StaffResult, YearData
from kaoji_desktop.core.rounding import ZERO, ZERO2, fmt, mean, round2
from kaoji_desktop.core.staff_inputs import StaffInputs, band, staff_inputs

TWELVE = Decimal(12)
NO_REVIEW = "双述双评未录入"
NO_FORCED_RANK = "破难攻坚排名未录入"
NO_L = "条线评分未录入（本社区无可参照的专职社工条线评分）"
NO_H = "负责人评价未录入"


# People and posts are built as final results (~6,000 each per district
# year); grade, coefficient and rewards, known only after the 3:5:2 step,
# are stored into them by year.py (None until then).
_make_post = maker(PostResult)
_make_staff = maker(StaffResult)


def _rank_points(base: Decimal, step: Decimal, rank: int) -> Decimal:
    # A rank far down a district-sized list must not drive an item negative.
    return round2(max(ZERO, base - step * (rank - 1)))


def _points(base: Decimal, step: Decimal) -> Callable[[int], Decimal]:
    """Rank points of one item, each rank computed once (ranks repeat)."""
    cache: dict[int, Decimal] = {}

    def points(rank: int) -> Decimal:
        value = cache.get(rank)
        if value is None:
            value = cache[rank] = _rank_points(base, step, rank)
        return value

    return points


def main_post(posts: list[Post]) -> Post:
    """The post with most months; on a tie the later one in input order."""
    return max(enumerate(posts), key=lambda ip: (ip[1].months, ip[0]))[1]


def _posts_by_person(
    data: YearData, ranks: Mapping[str, int], year_warnings: list[str]
) -> dict[str, list[Post]]:
    """Each person's valid posts, in input order."""
    by_person: dict[str, list[Post]] = {}
    for post in data.posts:
        if post.months is None or post.person is None or post.kind is None or post.community is None:
            post = complete(post)  # half-entered (core/entered.py)
            if post is None:
                continue
        if post.kind not in STAFF_KINDS:
            year_warnings.append(f"人员 {post.person}：未知类别“{post.kind}”，该岗位已忽略")
        elif post.community not in ranks:
            year_warnings.append(f"人员 {post.person}：未知社区“{post.community}”，该岗位已忽略")
        elif post.months <= ZERO:
            year_warnings.append(f"人员 {post.person}：在岗月数{post.months}无效，该岗位已忽略")
        else:
            mine = by_person.get(post.person)
            if mine is None:
                by_person[post.person] = [post]
            else:
                mine.append(post)
    return by_person


def _fallback_l(by_person: dict[str, list[Post]], own_l: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Type-C fallback L: mean own L of the community's type-C staff having one."""
    by_community: dict[str, list[Decimal]] = {}
    for person, posts in by_person.items():
        own = own_l.get(person)
        if own is None:
            continue
        if len(posts) == 1:  # the usual case: no set per person
            post = posts[0]
            if STAFF_KINDS[post.kind] == "C":
                by_community.setdefault(post.community, []).append(own)
            continue
        for community in {p.community for p in posts if STAFF_KINDS[p.kind] == "C"}:
            by_community.setdefault(community, []).append(own)
    return {c: round2(m) for c, v in by_community.items() if (m := mean(v)) is not None}


def staff_scores(
    data: YearData,
    ranks: Mapping[str, int],
    tiers: Mapping[str, int],
    incomplete: set[str],
    year_warnings: list[str],
) -> tuple[list[StaffResult], StaffInputs]:
    """Every person's months-weighted score (§2), sorted by name."""
    rules = data.rules
    inputs = staff_inputs(data, year_warnings)
    by_person = _posts_by_person(data, ranks, year_warnings)
    fallback = _fallback_l(by_person, inputs.own_l)

    # Everything a post takes from its community: rank, tier, the three
    # rank-point items and the "incomplete" note.
    a_pts = _points(rules.a_base, rules.a_step)
    b_pts = _points(rules.b_rank_base, rules.b_rank_step)
    c_pts = _points(rules.c_base, rules.c_step)
    forced_pts = _points(rules.b_task_base, rules.b_task_step)
    place = {
        name: (rank, tiers[name], a_pts(rank), b_pts(rank), c_pts(rank),
               f"所在社区 {name} 数据不完整" if name in incomplete else None)
        for name, rank in ranks.items()
    }
    dual_review, forced_rank = inputs.dual_review, inputs.forced_rank
    own_l, head = inputs.own_l, inputs.head
    review_max = rules.a_review_max
    l_bands, h_bands = rules.l_bands, rules.h_bands

    people: list[StaffResult] = []
    l_band_of: dict[Decimal | None, str | None] = {}
    h_band_of: dict[Decimal | None, str | None] = {}
    # Reused for every person (cleared, not reallocated): most have nothing
    # missing, no warning and one post.
    drafts: list[PostResult] = []
    missing: set[str] = set()
    warnings: list[str] = []
    for person in sorted(by_person):
        posts = by_person[person]
        main = posts[0] if len(posts) == 1 else main_post(posts)
        drafts.clear()
        if missing:
            missing.clear()
        if warnings:
            warnings.clear()
        review_part: Decimal | None = None
        h_value: Decimal | None = None
        has_c = False
        l_score: Decimal | None = None  # L of the C post with most months, latest on a tie
        l_months = ZERO
        for post in posts:
            category = STAFF_KINDS[post.kind]
            rank, tier, a_rank, b_rank, c_rank, note = place[post.community]
            # Components in the order the sheets print them. Every part has 2
            # decimals and the first is never -0, so the plain sum is exactly
            # sum(parts, ZERO).
            if category == "A":
                if review_part is None:
                    review = dual_review.get(person)
                    if review is None:
                        missing.add(NO_REVIEW)
                        review = ZERO
                    review_part = round2(review_max * review / 100)
                comps = {"社区名次": a_rank, "双述双评": review_part}
                score = a_rank + review_part
            elif category == "B":
                forced = forced_rank.get(person)
                if forced is None:
                    missing.add(NO_FORCED_RANK)
                    task = ZERO2
                else:
                    task = forced_pts(forced)
                comps = {"破难攻坚": task, "社区名次": b_rank}
                score = task + b_rank
            else:
                l_value = own_l.get(person)
                if l_value is None:
                    l_value = fallback.get(post.community)
                    if l_value is None:
                        missing.add(NO_L)
                    else:
                        warnings.append(
                            f"无对应条线，条线评分取{post.community}专职社工平均值{fmt(l_value)}"
                        )
                h_value = head.get(person)
                if h_value is None:
                    missing.add(NO_H)
                l_part = ZERO2 if l_value is None else l_value
                h_part = ZERO2 if h_value is None else h_value
                comps = {"社区名次": c_rank, "条线评分": l_part, "负责人评价": h_part}
                score = c_rank + l_part + h_part
                if not has_c or post.months >= l_months:
                    has_c, l_score, l_months = True, l_value, post.months
            if note is not None:
                missing.add(note)
            drafts.append(_make_post(
                post.kind, category, post.community, post.months, rank, comps, score, tier, None,
            ))
        if len(drafts) == 1:
            # One post: the weighted mean is the post's (already 2-dp) score.
            total = score
            if main.months > TWELVE:  # printed as the multi-post sum would be
                warnings.append(f"在岗月数合计{ZERO + main.months}，超过12个月")
        else:
            months = sum((p.months for p in posts), ZERO)
            total = round2(sum((d.score * d.months for d in drafts), ZERO) / months)
            if months > TWELVE:
                warnings.append(f"在岗月数合计{months}，超过12个月")
        category = STAFF_KINDS[main.kind]
        l_band = h_band = h_score = None
        failed = False
        if has_c:
            h_score = h_value  # head.get(person), looked up by the C post
            # A band depends on the value only: each distinct value once.
            l_band = l_band_of.get(l_score)
            if l_band is None:
                l_band = l_band_of[l_score] = band(l_score, l_bands)
            h_band = h_band_of.get(h_score)
            if h_band is None:
                h_band = h_band_of[h_score] = band(h_score, h_bands)
            failed = category == "C" and l_band == "不合格" and h_band == "不合格"
        people.append(_make_staff(
            person, main.kind, category, main.community, tuple(drafts), total,
            l_score, l_band, h_score, h_band, failed, None, None, None, bool(missing),
            tuple(sorted(missing)) if missing else (),
            tuple(sorted(set(warnings))) if warnings else (),
        ))
    return people, inputs
