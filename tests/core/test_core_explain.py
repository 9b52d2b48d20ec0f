"""Staff results that explain their 档 (RULES.md §2.1; issue 13)."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import (
    HeadScore,
    Post,
    RuleSet,
    StaffLineScore,
    StaffResult,
)
from tests.core.core_builder import a_staff, staff_year

TIED = ["100", "99", "98", "98", "90", "90", "90", "90", "90", "80"]  # 10 people, 3/5/2


def test_category_rank_is_a_competition_rank_within_the_pool() -> None:
    r = a_staff(TIED)
    assert [s.category_rank for s in r.staff] == [1, 2, 3, 3, 5, 5, 5, 5, 5, 10]
    assert {s.pool_size for s in r.staff} == {10}


def test_tied_with_names_the_others_with_the_same_score() -> None:
    r = a_staff(TIED)
    assert r.person("员02").tied_with == ("员03",)
    assert r.person("员03").tied_with == ("员02",)
    assert r.person("员04").tied_with == ("员05", "员06", "员07", "员08")
    assert r.person("员00").tied_with == () and r.person("员09").tied_with == ()


def test_grade_overflow_marks_everyone_in_the_overflowing_grade() -> None:
    r = a_staff(TIED)  # 一档 holds 4 (quota 3): 员02 and 员03 tie at rank 3
    assert [s.grade_overflow for s in r.staff] == [True] * 4 + [False] * 6
    assert r.person("员00").pool.counts == (4, 5, 1)


def test_grade_detail_reads_like_the_clerk_says_it() -> None:
    r = a_staff([str(100 - i) for i in range(10)])
    assert r.person("员09").grade_detail == "A类10人中第10名；3:5:2名额 3/5/2；三档"
    assert r.person("员00").grade_detail == "A类10人中第1名；3:5:2名额 3/5/2；一档"


def test_grade_detail_names_ties_and_the_overflow() -> None:
    detail = a_staff(TIED).person("员03").grade_detail
    assert detail.startswith("A类10人中第3名；3:5:2名额 3/5/2；一档；")
    assert "与员02同分（99.60）并列" in detail
    assert "一档因并列共4人，超过名额3人" in detail


def test_grade_detail_takes_the_ratio_from_the_rules() -> None:
    r = a_staff([str(100 - i) for i in range(10)], rules=RuleSet(staff_ratio=(2, 6, 2)))
    assert r.person("员00").grade_detail == "A类10人中第1名；2:6:2名额 2/6/2；一档"


def test_pooled_detail_counts_everyone() -> None:
    r = a_staff(["100", "90"], rules=RuleSet(pool_categories=True))
    assert r.person("员00").grade_detail == "全体人员2人中第1名；3:5:2名额 1/1/0；一档"


def test_a_long_tie_lists_ten_names_and_the_count() -> None:
    r = a_staff(["90"] * 13)
    s = r.person("员00")
    assert len(s.tied_with) == 12
    names = "、".join(f"员{i:02d}" for i in range(1, 11))
    assert f"与{names}等12人同分" in s.grade_detail


def test_a_failed_person_states_the_rule_and_has_no_rank() -> None:
    r = compute_year(staff_year(
        posts=(Post("差", "专职社工", "甲"), Post("好", "专职社工", "甲")),
        staff_line_scores=(StaffLineScore("差", "城管", D(30)),
                           StaffLineScore("好", "城管", D(49))),
        head_scores=(HeadScore("差", D(5)), HeadScore("好", D(9))),
    ))
    bad, good = r.person("差"), r.person("好")
    assert bad.failed and bad.category_rank is None and bad.pool is None
    assert bad.fail_reason.startswith("条线评分与负责人评价均为不合格档，年度考核不合格")
    assert "L 30.00低于40分" in bad.fail_reason and "H 5.00低于6分" in bad.fail_reason
    assert bad.grade_detail == bad.fail_reason
    assert good.fail_reason == "" and good.pool_size == 1 and good.category_rank == 1


def test_fail_reason_follows_the_bands_of_the_year() -> None:
    r = compute_year(staff_year(
        posts=(Post("差", "专职社工", "甲"),),
        staff_line_scores=(StaffLineScore("差", "城管", D(41)),),
        head_scores=(HeadScore("差", D(5)),),
        rules=RuleSet(l_bands=(D(48), D(46), D(42))),
    ))
    assert "L 41.00低于42分" in r.person("差").fail_reason


def test_the_new_fields_have_defaults_for_existing_constructors() -> None:
    s = StaffResult("某", "网格长", "A", "甲", (), D(1), None, None, None, None, False, None,
                    D(0), D(0), False, (), ())
    assert (s.category_rank, s.pool_size, s.tied_with, s.grade_overflow, s.fail_reason) == (
        None, 0, (), False, "")
    assert s.grade_detail == ""


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=1, max_size=30), st.booleans())
def test_explanations_agree_with_scores_and_quotas(reviews: list[int], pooled: bool) -> None:
    r = a_staff([str(80 + v) for v in reviews], rules=RuleSet(pool_categories=pooled))
    for s in r.staff:
        others = [o for o in r.staff if o.person != s.person]
        assert s.category_rank == 1 + sum(o.score > s.score for o in others)
        assert set(s.tied_with) == {o.person for o in others if o.score == s.score}
        assert s.pool is not None and s.pool_size == len(r.staff) == sum(s.pool.counts)
        assert s.pool.quotas == r.grade_quotas[s.pool.key]
        assert s.grade is not None
        assert s.grade_overflow == (s.pool.counts[s.grade - 1] > s.pool.quotas[s.grade - 1])
        assert s.grade_detail.startswith(f"{s.pool.label}{s.pool_size}人中第{s.category_rank}名")
