"""RULES.md §2 staff scores: categories A, B, C, posts, fallback L, fail."""

from decimal import Decimal as D

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import (
    DualReview,
    ForcedRank,
    HeadScore,
    Post,
    RewardBase,
    StaffLineScore,
)
from tests.core.core_builder import staff_year


def test_category_a_rank_points_and_dual_review() -> None:
    r = compute_year(staff_year(
        posts=(Post("张三", "网格长", "丙"), Post("王五", "社区书记", "甲")),
        dual_reviews=(DualReview("张三", D(90), D(85)), DualReview("王五", D("86.33"), D(90))),
    ))
    z = r.person("张三")
    assert z.posts[0].components == {"社区名次得分": D("76.00"), "双述双评": D("17.50")}
    assert z.score == D("93.50") and z.category == "A" and not z.incomplete
    # 20 × (0.5×86.33 + 0.5×90)/100 = 17.633 -> 17.63; rank 1 -> 80
    assert r.person("王五").score == D("97.63")


def test_category_b_forced_rank_and_community_rank() -> None:
    r = compute_year(staff_year(posts=(Post("赵六", "破难攻坚网格长", "丙"),),
                                forced_ranks=(ForcedRank("赵六", 2),)))
    p = r.person("赵六")
    assert p.posts[0].components == {"破难攻坚": D("68.00"), "社区名次得分": D("28.00")}
    assert p.score == D("96.00") and p.category == "B"


def test_category_c_several_lines_mean_and_bands() -> None:
    r = compute_year(staff_year(
        posts=(Post("钱七", "专职社工", "甲"), Post("孙八", "专职社工", "甲")),
        staff_line_scores=(StaffLineScore("钱七", "城管", D(47)),
                           StaffLineScore("钱七", "党建", D(49)),
                           StaffLineScore("孙八", "城管", D(47)),
                           StaffLineScore("孙八", "社会事务", D("47.01"))),
        head_scores=(HeadScore("钱七", D("8.5")), HeadScore("孙八", D(9))),
    ))
    q = r.person("钱七")
    assert q.posts[0].components == {"社区名次得分": D("40.00"), "条线评分": D("48.00"),
                                     "负责人评价": D("8.50")}
    assert q.score == D("96.50") and (q.l_band, q.h_band) == ("优秀", "良好")
    s = r.person("孙八")
    assert s.l_score == D("47.01")  # 47.005 rounded half up before adding
    assert s.score == D("96.01") and (s.l_band, s.h_band) == ("良好", "优秀")


def test_type_c_without_line_takes_mean_l_of_own_community() -> None:
    r = compute_year(staff_year(
        posts=(Post("甲一", "专职社工", "乙"), Post("甲二", "专职社工", "乙"),
               Post("无线", "专职社工", "乙"), Post("外社", "专职社工", "甲")),
        staff_line_scores=(StaffLineScore("甲一", "城管", D(46)),
                           StaffLineScore("甲二", "党建", D(47)),
                           StaffLineScore("外社", "城管", D(30))),
        head_scores=tuple(HeadScore(n, D(8)) for n in ("甲一", "甲二", "无线", "外社")),
    ))
    p = r.person("无线")
    assert p.l_score == D("46.50") and p.posts[0].components["条线评分"] == D("46.50")
    assert p.score == D("92.50")  # 38 + 46.5 + 8
    assert p.warnings and "46.50" in p.warnings[0] and not p.incomplete


def test_type_c_without_line_and_nobody_to_average_is_missing() -> None:
    r = compute_year(staff_year(posts=(Post("独自", "专职社工", "乙"),),
                                head_scores=(HeadScore("独自", D(8)),)))
    p = r.person("独自")
    assert p.incomplete and p.l_score is None and any("条线评分" in m for m in p.missing)
    assert not r.complete


def test_both_l_and_h_failing_fails_the_year() -> None:
    r = compute_year(staff_year(
        posts=(Post("差", "专职社工", "乙"), Post("半", "专职社工", "乙")),
        staff_line_scores=(StaffLineScore("差", "城管", D(39)),
                           StaffLineScore("半", "城管", D(39))),
        head_scores=(HeadScore("差", D("5.5")), HeadScore("半", D(6))),
        reward_bases=(RewardBase("专职社工", 2, D(6000)),),
    ))
    bad, half = r.person("差"), r.person("半")
    assert (bad.l_band, bad.h_band) == ("不合格", "不合格")
    assert bad.failed and bad.grade is None and bad.coefficient == 0 and bad.reward == 0
    assert bad.grade_name == "不合格"
    assert not half.failed and half.h_band == "合格" and half.grade == 2
    assert r.grade_quotas == {"C": (0, 1, 0)}  # the failed one is not distributed


def test_two_posts_in_two_communities_months_weighted_with_rewards() -> None:
    r = compute_year(staff_year(
        posts=(Post("李四", "网格长", "甲", D(5)), Post("李四", "专职社工", "乙", D(7))),
        dual_reviews=(DualReview("李四", D(80), D(80)),),
        staff_line_scores=(StaffLineScore("李四", "城管", D(45)),),
        head_scores=(HeadScore("李四", D(7)),),
        reward_bases=(RewardBase("网格长", 1, D(12000)), RewardBase("专职社工", 2, D(6000))),
    ))
    p = r.person("李四")
    # A in 甲 (rank 1): 80 + 16 = 96; C in 乙 (rank 2): 38 + 45 + 7 = 90
    assert [x.score for x in p.posts] == [D("96.00"), D("90.00")]
    assert [x.community_tier for x in p.posts] == [1, 2]
    assert p.score == D("92.50")  # (96×5 + 90×7) / 12
    assert (p.kind, p.category, p.community) == ("专职社工", "C", "乙")  # most months
    # alone in category C: quotas 0/1/0 -> 二档, coefficient 1.00
    assert p.grade == 2 and p.coefficient == D("1.00")
    assert [x.reward for x in p.posts] == [D("5000.00"), D("3500.00")]
    assert p.reward == D("8500.00")


def test_main_post_on_equal_months_is_the_later_one() -> None:
    first = (Post("周", "专职社工", "乙", D(6)), Post("周", "网格指导员", "甲", D(6)))
    r = compute_year(staff_year(posts=first))
    assert (r.person("周").category, r.person("周").community) == ("A", "甲")
    r2 = compute_year(staff_year(posts=tuple(reversed(first))))
    assert (r2.person("周").category, r2.person("周").community) == ("C", "乙")


def test_missing_staff_inputs_are_listed() -> None:
    r = compute_year(staff_year(posts=(Post("缺", "网格长", "甲"),
                                       Post("缺B", "破难攻坚网格长", "甲"))))
    assert r.person("缺").missing == ("双述双评未录入",)
    assert r.person("缺B").missing == ("破难攻坚排名未录入",)
    assert "人员数据不完整：2人" in r.missing and not r.complete
