"""RULES.md §2 proportion checks and §2.1-§2.2 distribution and rewards."""

from decimal import Decimal as D

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import (
    DualReview,
    HeadScore,
    Post,
    RewardBase,
    RuleSet,
    StaffLineScore,
)
from tests.core.core_builder import a_staff, staff_year


def test_ten_people_split_3_5_2_with_coefficients() -> None:
    r = a_staff([str(100 - i) for i in range(10)])
    assert [s.grade for s in r.staff] == [1, 1, 1, 2, 2, 2, 2, 2, 3, 3]
    assert [s.coefficient for s in r.staff][::4] == [D("1.05"), D("1.00"), D("0.95")]
    assert [s.grade_name for s in r.staff][:4] == ["一档", "一档", "一档", "二档"]
    assert r.grade_quotas == {"A": (3, 5, 2)}
    assert not any("名额" in w for w in r.warnings)


def test_ties_share_the_better_grade_and_overflow_is_warned() -> None:
    r = a_staff(["100", "99", "98", "98", "90", "90", "90", "90", "90", "80"])
    assert [s.grade for s in r.staff] == [1, 1, 1, 1, 2, 2, 2, 2, 2, 3]
    assert "A类人员一档4人，超过3:5:2名额3人（同分并列）" in r.warnings


def test_categories_separately_or_pooled() -> None:
    posts = (Post("甲A", "网格长", "甲"), Post("乙A", "网格长", "乙"),
             Post("丙C", "专职社工", "丙"))
    extra = {
        "posts": posts,
        "dual_reviews": (DualReview("甲A", D(90), D(90)), DualReview("乙A", D(90), D(90))),
        "staff_line_scores": (StaffLineScore("丙C", "城管", D(45)),),
        "head_scores": (HeadScore("丙C", D(8)),),
    }
    sep = compute_year(staff_year(**extra))
    assert sep.grade_quotas == {"A": (1, 1, 0), "C": (0, 1, 0)}
    assert [sep.person(n).grade for n in ("甲A", "乙A", "丙C")] == [1, 2, 2]
    pooled = compute_year(staff_year(rules=RuleSet(pool_categories=True), **extra))
    assert pooled.grade_quotas == {"全部": (1, 1, 1)}
    # 甲A 98, 乙A 96, 丙C 36 + 45 + 8 = 89
    assert [pooled.person(n).grade for n in ("甲A", "乙A", "丙C")] == [1, 2, 3]


def test_reward_base_by_kind_and_community_tier_times_coefficient() -> None:
    r = a_staff(["100", "90"], reward_bases=(RewardBase("网格长", 1, D(12000)),))
    top, second = r.staff
    assert top.coefficient == D("1.05") and top.reward == D("12600.00")
    assert second.reward == D("12000.00")


def test_missing_reward_base_is_a_warning() -> None:
    r = a_staff(["100"])
    assert r.staff[0].reward == D("0.00")
    assert "奖励基数 网格长 第一等次 未录入" in r.warnings


def test_proportion_checks_per_department_and_per_community() -> None:
    names = ["一", "二", "三", "四", "五"]
    scores = ["49", "48", "48", "45", "41"]
    r = compute_year(staff_year(
        posts=tuple(Post(n, "专职社工", "乙") for n in names),
        staff_line_scores=tuple(StaffLineScore(n, "城管", D(s))
                                for n, s in zip(names, scores, strict=True)),
        head_scores=tuple(HeadScore(n, D(h)) for n, h in zip(names, "99776", strict=True)),
    ))
    checks = {(c.measure, c.rater): c for c in r.proportions}
    l_check = checks[("L", "城管办")]
    assert (l_check.people, l_check.counts, l_check.quotas) == (5, (3, 1, 1, 0), (2, 2, 1))
    assert not l_check.ok and "优秀3人" in l_check.message and "限2人" in l_check.message
    h_check = checks[("H", "乙")]
    assert h_check.counts == (2, 2, 1, 0) and h_check.ok
