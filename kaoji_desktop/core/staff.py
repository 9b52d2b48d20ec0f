"""Staff scores of categories A, B, C with months-weighted posts
(RULES.md §2). Grades and rewards are in `distribution`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from kaoji_desktop.core.model import STAFF_KINDS, Post, YearData
from kaoji_desktop.core.rounding import ZERO, ZERO2, fmt, mean, round2
from kaoji_desktop.core.staff_inputs import StaffInputs, band, staff_inputs

TWELVE = Decimal(12)


class PostDraft(NamedTuple):
    """A scored post before its reward is known (cheap to build en masse)."""

    kind: str
    category: str
    community: str
    months: Decimal
    community_rank: int
    components: dict[str, Decimal]
    score: Decimal
    community_tier: int


@dataclass
class PersonScore:
    """A person's score before the 3:5:2 distribution."""

    person: str
    kind: str
    category: str
    community: str
    posts: list[PostDraft]
    score: Decimal
    l_score: Decimal | None = None
    l_band: str | None = None
    h_score: Decimal | None = None
    h_band: str | None = None
    failed: bool = False
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _rank_points(base: Decimal, step: Decimal, rank: int) -> Decimal:
    # A rank far down a district-sized list must not drive an item negative.
    return round2(max(ZERO, base - step * (rank - 1)))


def main_post(posts: list[tuple[int, Post]]) -> Post:
    """The post with most months; on a tie the later one in input order."""
    return max(posts, key=lambda ip: (ip[1].months, ip[0]))[1]


def staff_scores(
    data: YearData,
    ranks: Mapping[str, int],
    tiers: Mapping[str, int],
    incomplete: set[str],
    year_warnings: list[str],
) -> tuple[list[PersonScore], StaffInputs]:
    """Every person's months-weighted score (§2), sorted by name."""
    rules = data.rules
    inputs = staff_inputs(data, year_warnings)
    by_person: dict[str, list[tuple[int, Post]]] = {}
    for index, post in enumerate(data.posts):
        if post.kind not in STAFF_KINDS:
            year_warnings.append(f"人员 {post.person}：未知类别“{post.kind}”，该岗位已忽略")
        elif post.community not in ranks:
            year_warnings.append(f"人员 {post.person}：未知社区“{post.community}”，该岗位已忽略")
        elif post.months <= ZERO:
            year_warnings.append(f"人员 {post.person}：在岗月数{post.months}无效，该岗位已忽略")
        else:
            by_person.setdefault(post.person, []).append((index, post))

    # Type-C fallback L: mean own L of the community's type-C staff having one.
    own_l_by_community: dict[str, list[Decimal]] = {}
    for person, posts in by_person.items():
        own = inputs.own_l.get(person)
        if own is None:
            continue
        for community in {p.community for _, p in posts if STAFF_KINDS[p.kind] == "C"}:
            own_l_by_community.setdefault(community, []).append(own)
    fallback = {c: round2(m) for c, v in own_l_by_community.items() if (m := mean(v)) is not None}

    # Rank points depend only on (category, rank): compute each once.
    points: dict[tuple[str, int], Decimal] = {}

    def rank_points(category: str, rank: int) -> Decimal:
        key = (category, rank)
        value = points.get(key)
        if value is None:
            if category == "A":
                value = _rank_points(rules.a_base, rules.a_step, rank)
            elif category == "B":
                value = _rank_points(rules.b_rank_base, rules.b_rank_step, rank)
            elif category == "C":
                value = _rank_points(rules.c_base, rules.c_step, rank)
            else:  # "f": the forced rank of 破难攻坚
                value = _rank_points(rules.b_task_base, rules.b_task_step, rank)
            points[key] = value
        return value

    people: list[PersonScore] = []
    for person in sorted(by_person):
        posts = by_person[person]
        main = posts[0][1] if len(posts) == 1 else main_post(posts)
        result = PersonScore(person, main.kind, STAFF_KINDS[main.kind], main.community, [], ZERO)
        missing: set[str] = set()
        weighted = ZERO
        months = ZERO
        c_ls: list[tuple[Decimal, int, Decimal | None]] = []
        for index, post in posts:
            category = STAFF_KINDS[post.kind]
            rank = ranks[post.community]
            comps: dict[str, Decimal] = {}
            if category == "A":
                comps["社区名次"] = rank_points("A", rank)
                review = inputs.dual_review.get(person)
                if review is None:
                    missing.add("双述双评未录入")
                    review = ZERO
                comps["双述双评"] = round2(rules.a_review_max * review / 100)
            elif category == "B":
                forced = inputs.forced_rank.get(person)
                if forced is None:
                    missing.add("破难攻坚排名未录入")
                    comps["破难攻坚"] = ZERO2
                else:
                    comps["破难攻坚"] = rank_points("f", forced)
                comps["社区名次"] = rank_points("B", rank)
            else:
                comps["社区名次"] = rank_points("C", rank)
                l_value = inputs.own_l.get(person)
                if l_value is None:
                    l_value = fallback.get(post.community)
                    if l_value is None:
                        missing.add("条线评分未录入（本社区无可参照的专职社工条线评分）")
                    else:
                        result.warnings.append(
                            f"无对应条线，条线评分取{post.community}专职社工平均值{fmt(l_value)}"
                        )
                h_value = inputs.head.get(person)
                if h_value is None:
                    missing.add("负责人评价未录入")
                comps["条线评分"] = l_value if l_value is not None else ZERO2
                comps["负责人评价"] = h_value if h_value is not None else ZERO2
                c_ls.append((post.months, index, l_value))
            score = sum(comps.values(), ZERO)  # 2-dp parts: exact
            if post.community in incomplete:
                missing.add(f"所在社区 {post.community} 数据不完整")
            result.posts.append(PostDraft(
                post.kind, category, post.community, post.months, rank, comps, score,
                tiers[post.community],
            ))
            weighted += score * post.months
            months += post.months
        if months > TWELVE:
            result.warnings.append(f"在岗月数合计{months}，超过12个月")
        # One post: the weighted mean is the post's (already 2-dp) score.
        result.score = result.posts[0].score if len(posts) == 1 else round2(weighted / months)
        if c_ls:
            result.l_score = max(c_ls, key=lambda t: (t[0], t[1]))[2]
            result.h_score = inputs.head.get(person)
            result.l_band = band(result.l_score, rules.l_bands)
            result.h_band = band(result.h_score, rules.h_bands)
            result.failed = (
                result.category == "C"
                and result.l_band == "不合格" and result.h_band == "不合格"
            )
        if missing:
            result.missing = sorted(missing)
        if result.warnings:
            result.warnings = sorted(set(result.warnings))
        people.append(result)
    return people, inputs
