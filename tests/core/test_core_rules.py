"""The rule set's declared parameters, its JSON, and texts that follow the year's rules."""

import dataclasses
import json
from decimal import Decimal as D

import pytest

from kaoji_desktop.core import compute_year, rules_json
from kaoji_desktop.core.model import RULE_PARAM, RULE_PARAMS, RULES_2017, RuleSet, Veto
from kaoji_desktop.core.rules import rule_problems
from kaoji_desktop.core.tiers import RULE_OVER, RULE_PROMOTE
from tests.core.core_builder import seven, year_with_totals


def test_every_rule_parameter_is_declared_once_with_a_chinese_label() -> None:
    assert [p.name for p in RULE_PARAMS] == [f.name for f in dataclasses.fields(RuleSet)]
    labels = [p.label for p in RULE_PARAMS]
    assert len(set(labels)) == len(labels)
    assert RULE_PARAM["base_total"].label == "社区基本总分"  # the measures' 总分130
    assert all(not p.label.isascii() for p in RULE_PARAMS)


def test_the_2017_rules_are_within_their_bounds() -> None:
    assert rule_problems(RULES_2017) == []


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("over_threshold", D(-1), "须在0到1000分之间"),
    ("promote_ratio", D("1.5"), "须在0到1之间"),
    ("tier_ratio", (0, 0, 0), "不能全为0"),
    ("staff_ratio", (3, 5), "须为 3 个数"),
    ("l_bands", (D(40), D(44), D(48)), "须从高到低"),
    ("rating_values", (("优秀", D(1)),), "须逐项给出"),
    ("bonus_cap", D("NaN"), "之间"),
    ("promote_enabled", None, "须为“是”或“否”"),
])
def test_out_of_bounds_values_are_named_with_the_label(name, value, expected) -> None:
    param = RULE_PARAM[name]
    problem = param.problem(value)
    assert problem is not None and problem.startswith(param.label) and expected in problem


def test_an_optional_parameter_may_be_unset() -> None:
    assert RULE_PARAM["bonus_cap"].problem(None) is None
    assert RULE_PARAM["bonus_cap"].text(None) == ""


def test_bounds_as_text() -> None:
    assert RULE_PARAM["over_threshold"].range_text == "0-1000分"
    assert RULE_PARAM["promote_ratio"].range_text == "0-1"
    assert RULE_PARAM["pool_categories"].range_text == ""


def test_values_as_text() -> None:
    assert RULE_PARAM["tier_ratio"].text((2, 3, 2)) == "2:3:2"
    assert RULE_PARAM["l_bands"].text(RULES_2017.l_bands) == "48/44/40"
    assert RULE_PARAM["promote_ratio"].text(D("0.95")) == "0.95"
    assert RULE_PARAM["pool_categories"].text(False) == "否"
    assert RULE_PARAM["rating_values"].text(RULES_2017.rating_values).startswith("优秀=1，良好=0.9")


def test_rules_json_round_trips_every_parameter() -> None:
    changed = dataclasses.replace(
        RULES_2017, over_threshold=D("120.5"), tier_ratio=(1, 1, 1), bonus_cap=D(5),
        promote_enabled=False, l_bands=(D(47), D(43), D(39)),
        rating_values=(("优秀", D(1)), ("良好", D("0.8")), ("合格", D("0.6")), ("不合格", D(0))),
    )
    assert rules_json.loads(rules_json.dumps(changed)) == changed
    assert rules_json.loads(None) == RULES_2017
    # a key missing from an older file keeps its 2017 default
    assert rules_json.loads(json.dumps({"a_base": "90"})) == dataclasses.replace(
        RULES_2017, a_base=D(90))


# --- labels follow the year's rules (issue 13) --------------------------------

def test_over_threshold_label_and_reason_follow_the_rules() -> None:
    rules = RuleSet(over_threshold=D(120))
    r = compute_year(year_with_totals(seven("140", "135", "125", "110", "100", "90", "80"),
                                      rules=rules))
    third = r.community("社区3")
    move = third.moves[0]
    assert move.rule_id == RULE_OVER and move.rule == "超过120分"
    assert "超过120分" in move.reason and "130" not in move.reason + move.rule


def test_promote_label_follows_the_ratio() -> None:
    rules = RuleSet(promote_ratio=D("0.9"))
    r = compute_year(year_with_totals(seven("100", "100", "99", "98", "97", "91", "50"),
                                      rules=rules))
    moved = [m for c in r.communities for m in c.moves if m.rule_id == RULE_PROMOTE]
    assert moved and all(m.rule == "90%规则" and "90%" in m.reason for m in moved)
    assert not any("95" in m.rule + m.reason for m in moved)


def test_barred_over_threshold_reason_names_the_threshold() -> None:
    rules = RuleSet(over_threshold=D(125))
    r = compute_year(year_with_totals(
        seven("140", "120", "110", "100", "95", "90", "80"), rules=rules,
        vetoes=(Veto("社区1", "安全生产"),)))
    reasons = [m.reason for m in r.community("社区1").moves]
    assert any("总分虽超过125分" in x for x in reasons)


def test_lines_total_warning_follows_the_rules() -> None:
    r = compute_year(year_with_totals(seven("100", "90", "80", "70", "60", "50", "40"),
                                      rules=RuleSet(projects_cap=D(20))))
    assert "条线分值合计100.00，应为104" in r.warnings


def test_proportion_and_overflow_messages_use_the_staff_ratio() -> None:
    from kaoji_desktop.core.model import DualReview, Post

    names = [f"员{i}" for i in range(5)]
    r = compute_year(year_with_totals(
        {"甲": "120"}, posts=tuple(Post(n, "网格长", "甲") for n in names),
        dual_reviews=tuple(DualReview(n, D(90), D(90)) for n in names),
        rules=RuleSet(staff_ratio=(1, 3, 1))))
    assert "A类人员一档5人，超过1:3:1名额1人（同分并列）" in r.warnings


def test_no_2017_constant_in_any_text_of_a_year_with_other_rules() -> None:
    from kaoji_desktop.demo import demo_year

    rules = dataclasses.replace(
        RULES_2017, over_threshold=D(121), promote_ratio=D("0.9"), tier_ratio=(2, 4, 1),
        staff_ratio=(2, 6, 2))
    r = compute_year(dataclasses.replace(demo_year(), rules=rules))
    texts = [*r.warnings, *(p.message for p in r.proportions)]
    for c in r.communities:
        texts += [c.explanation, *(m.rule + m.reason for m in c.moves)]
    for s in r.staff:
        texts += [s.grade_detail, *s.warnings]
    assert any("超过121分" in t for t in texts) and any("2:6:2" in t for t in texts)
    for old in ("超过130分", "95%", "3:5:2", "2:3:2"):
        assert not [t for t in texts if old in t], old
