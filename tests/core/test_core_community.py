"""RULES.md §1.3-§1.6 components and the total of rounded components."""

from decimal import Decimal as D

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import (
    BonusItem,
    LeaderScore,
    Project,
    RuleSet,
    SatisfactionCounts,
    SatisfactionRating,
)
from tests.core.core_builder import year_with_totals


def one(**extra):
    return compute_year(year_with_totals({"甲": "50", "乙": "40"}, **extra)).community("甲")


def test_projects_capped_at_24_with_allocation_warning() -> None:
    c = one(projects=(Project("甲", "亮点", "公园文艺基地", D(14), "党建办二", D("13.5")),
                      Project("甲", "难点", "旧货市场地块", D(12), "城建办", D("11.5"))))
    assert c.projects == D("24.00")  # 25 capped
    assert c.warnings == ("个性项目分值合计26.00，应为24.00",)
    assert not c.incomplete


def test_unscored_project_is_missing_and_counts_zero() -> None:
    c = one(projects=(Project("甲", "亮点", "五色学堂", D(12), "", D("10.25")),
                      Project("甲", "重点", "文化礼堂", D(12))))
    assert c.projects == D("10.25") and c.incomplete
    assert c.missing == ("个性项目 文化礼堂 未评分",)


def test_satisfaction_from_counts() -> None:
    # 3 × (30 + 15×0.9 + 4×0.8 + 0) / 50 = 3 × 46.7 / 50 = 2.802
    c = one(satisfaction=(SatisfactionCounts("甲", 30, 15, 4, 1),))
    assert c.satisfaction == D("2.80")


def test_respondent_ratings_replace_counts() -> None:
    ratings = tuple(SatisfactionRating("甲", i, r)
                    for i, r in enumerate(["优秀", "良好", "不合格"]))
    c = one(satisfaction=(SatisfactionCounts("甲", 50),), satisfaction_ratings=ratings)
    assert c.satisfaction == D("1.90")  # 3 × 1.9 / 3


def test_satisfaction_rounding_half_up() -> None:
    # 3 × (1 + 0.9×... ) : 7 优秀 + 1 合格 of 8 -> 3 × 7.8 / 8 = 2.925 -> 2.93
    c = one(satisfaction=(SatisfactionCounts("甲", 7, 0, 1, 0),))
    assert c.satisfaction == D("2.93")


def test_leadership_mean_and_missing_member() -> None:
    scores = (LeaderScore("甲", "张", D("2.66")), LeaderScore("甲", "李", D("2.67")))
    c = one(leaders=("张", "李", "赵"), leader_scores=scores)
    assert c.leadership == D("2.67")  # 2.665 -> 2.67
    assert c.missing == ("领导评价 赵 未评分",)


def test_only_approved_bonus_counts_and_pending_is_a_warning() -> None:
    items = (BonusItem("甲", "市级表彰", D(1), "通过"),
             BonusItem("甲", "信访扣分", D("-0.5"), "通过"),
             BonusItem("甲", "省级表彰", D(2), "申报"), BonusItem("甲", "报道", D(3), "驳回"))
    c = one(bonus_items=items)
    assert c.bonus == D("0.50")
    assert c.missing == ()
    assert "加减分 省级表彰 待审核，未计入" in c.warnings


def test_bonus_cap_when_the_rule_set_has_one() -> None:
    items = (BonusItem("甲", "表彰", D(2), "通过"), BonusItem("甲", "报道", D(1), "通过"))
    c = one(bonus_items=items, rules=RuleSet(bonus_cap=D(1)))
    assert c.bonus == D("1.00") and "加分3.00超过上限1.00，按上限计" in c.warnings
    assert one(bonus_items=items).bonus == D("3.00")


def test_total_is_sum_of_rounded_components() -> None:
    data = year_with_totals(
        {"甲": "50.004", "乙": "40"},
        leaders=("张", "李"),
        leader_scores=(LeaderScore("甲", "张", D("2.66")), LeaderScore("甲", "李", D("2.67")),
                       LeaderScore("乙", "张", D(3)), LeaderScore("乙", "李", D(3))),
        satisfaction=(SatisfactionCounts("甲", 7, 0, 1, 0), SatisfactionCounts("乙", 1)),
    )
    c = compute_year(data).community("甲")
    # 50.004 -> 50.00; 2.925 -> 2.93; 2.665 -> 2.67 (unrounded sum 55.594 would print 55.59)
    assert (c.lines, c.satisfaction, c.leadership) == (D("50.00"), D("2.93"), D("2.67"))
    assert c.total == D("55.60")
    assert c.total == c.lines + c.projects + c.satisfaction + c.leadership + c.bonus


def test_nothing_entered_is_missing() -> None:
    data = year_with_totals({"甲": "1"}, projects=(), satisfaction=(), leader_scores=(), leaders=())
    c = compute_year(data).community("甲")
    assert set(c.missing) == {"个性项目未录入", "群众满意度测评未录入", "领导评价未录入"}


def test_unknown_community_and_rating_are_warned() -> None:
    data = year_with_totals(
        {"甲": "50"},
        bonus_items=(BonusItem("无此社区", "表彰", D(1), "通过"),),
        satisfaction_ratings=(SatisfactionRating("甲", 1, "很好"),
                              SatisfactionRating("甲", 2, "优秀")),
    )
    r = compute_year(data)
    assert "加减分：未知社区“无此社区”，已忽略" in r.warnings
    assert "满意度测评：存在无效的评价等级，已忽略" in r.warnings
    assert r.community("甲").satisfaction == D("3.00")
