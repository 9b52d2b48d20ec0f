"""The demo year: 2017 大南街道, its seven communities and about sixty staff.

Built to show every rule at work (RULES.md): a one-vote veto on a community
that would rank second (递补第一等次), a tier-3 community lifted by the 95%
rule, a community last in the same line two quarters running (连续末位约谈),
bonus items in every status including a deduction, a person with two posts
in two communities (5 + 7 months), a 专职社工 with no line (the mean-L
fallback), one with two lines and one who fails (L < 40 and H < 6).

Appendix-1 projects of 白鹿洲 and 荷花 are the seed's (its text stops after
荷花's 文化礼堂, so 荷花's last project and every point value are invented);
the other communities' projects are plausible inventions. Everything is
deterministic: the only randomness is a `random.Random` with a fixed seed.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

from kaoji_desktop.core.model import (
    LINES_2017,
    BonusItem,
    Community,
    DualReview,
    ForcedRank,
    HeadScore,
    LeaderScore,
    LineScore,
    Post,
    Project,
    RewardBase,
    SatisfactionCounts,
    StaffLineScore,
    Veto,
    YearData,
)
from kaoji_desktop.reports.settings import PublicitySettings, save_settings
from kaoji_desktop.store import YearFile

D = Decimal
TENTH = D("0.1")
QUARTERS = ("一季度", "二季度", "三季度", "四季度")

# name, 旧改任务, 联系领导, strength (share of full marks typically lost)
COMMUNITIES: tuple[tuple[str, bool, str, str], ...] = (
    ("花柳塘社区", True, "陈建华", "0.045"),
    ("虞师里社区", True, "王晓东", "0.070"),
    ("马鞍池社区", True, "周丽君", "0.062"),
    ("双莲桥社区", False, "黄国强", "0.060"),
    ("白鹿洲社区", True, "林海燕", "0.035"),
    ("山前街社区", True, "吴启明", "0.085"),
    ("荷花社区", False, "郑志远", "0.065"),
)
LEADERS = ("郑志远", "林海燕", "陈建华", "王晓东", "周丽君", "黄国强", "吴启明")

# community -> (kind, name, points, department, score)
PROJECTS: dict[str, tuple[tuple[str, str, str, str, str], ...]] = {
    "花柳塘社区": (
        ("亮点", "打造“花柳塘邻里议事厅”", "5", "党建办一", "4.8"),
        ("亮点", "红色物业联盟", "4", "党建办一", "3.7"),
        ("重点", "智慧安防小区全覆盖", "5", "综治办", "4.6"),
        ("重点", "垃圾分类示范小区", "4", "城管办", "3.8"),
        ("难点", "花柳塘旧村改造签约清零", "6", "城建办", "5.4"),
    ),
    "虞师里社区": (
        ("亮点", "虞师里历史街区文化讲解队", "5", "党建办二", "4.5"),
        ("重点", "老年食堂提质扩面", "5", "社会事务办", "4.6"),
        ("重点", "沿街商铺消防安全整治", "5", "经济办二", "4.4"),
        ("难点", "危旧房解危改造", "5", "城建办", "4.2"),
        ("难点", "背街小巷立面整治", "4", "城管办", "3.5"),
    ),
    "马鞍池社区": (
        ("亮点", "“马鞍池小管家”志愿服务品牌", "5", "党建办二", "4.3"),
        ("重点", "马鞍池公园周边停车秩序整治", "5", "城管办", "4.2"),
        ("重点", "流动人口服务管理站", "4", "综治办", "3.5"),
        ("难点", "马鞍池东路地块征收", "6", "城建办", "4.9"),
        ("难点", "群租房安全隐患清零", "4", "经济办二", "3.3"),
    ),
    "双莲桥社区": (
        ("亮点", "双莲桥“四点半课堂”", "5", "社会事务办", "4.7"),
        ("亮点", "楼宇党建联盟", "4", "党建办一", "3.8"),
        ("重点", "辖区企业税源培育", "5", "经济发展办", "4.5"),
        ("重点", "社区矫正帮教基地", "5", "综治办", "4.4"),
        ("难点", "老旧小区加装电梯", "5", "城建办", "4.1"),
    ),
    "白鹿洲社区": (
        ("亮点", "打造温州市首个“城市公园文艺基地”", "5", "党建办二", "4.9"),
        ("亮点", "保护母亲河打造“南塘大妈护河队”", "4", "城管办", "3.9"),
        ("重点", "白鹿洲文化村特色旅游消费场所", "4", "经济发展办、党建办二", "3.9"),
        ("重点", "居家养老中心", "3", "社会事务办", "2.9"),
        ("难点", "旧货市场地块", "4", "城建办", "3.8"),
        ("难点", "置信广场综合体建设", "4", "经济办公室、消防站", "3.7"),
    ),
    "山前街社区": (
        ("亮点", "山前街“邻里守望”平安志愿队", "5", "综治办", "4.1"),
        ("重点", "农贸市场周边环境整治", "5", "城管办", "4.0"),
        ("重点", "小微企业食品安全规范化", "5", "经济办二", "3.9"),
        ("难点", "山前街旧城改造腾空", "5", "城建办", "3.8"),
        ("难点", "违法建筑拆除", "4", "城管办", "3.2"),
    ),
    "荷花社区": (
        ("亮点", "创建“省三优服务指导中心”", "5", "社会事务办", "4.7"),
        ("亮点", "打造荷花“五色学堂”", "5", "党建办一、二", "4.6"),
        ("重点", "创建荷花社区文化礼堂", "7", "党建办二", "6.5"),
        ("难点", "荷花路沿街违章搭建整治", "7", "城管办", "6.1"),
    ),
}

# community -> (优秀, 良好, 合格, 不合格)
SATISFACTION = {
    "花柳塘社区": (41, 7, 2, 0), "虞师里社区": (36, 10, 3, 1),
    "马鞍池社区": (33, 12, 4, 1), "双莲桥社区": (39, 8, 3, 0),
    "白鹿洲社区": (43, 6, 1, 0), "山前街社区": (31, 13, 5, 1),
    "荷花社区": (38, 9, 2, 1),
}

BONUS = (
    BonusItem("白鹿洲社区", "获评市级文明社区", D("1"), "通过", "温州市文明办2017年表彰"),
    BonusItem("花柳塘社区", "区级先进基层党组织", D("1"), "通过", "鹿城区委表彰"),
    BonusItem("花柳塘社区", "省级媒体正面报道", D("0.5"), "驳回", "报道已计入去年"),
    BonusItem("马鞍池社区", "发生越级信访事件", D("-1"), "通过", "7月赴市集体上访1起"),
    BonusItem("双莲桥社区", "获评区级平安社区", D("0.5"), "通过", ""),
    BonusItem("山前街社区", "市级媒体正面报道", D("0.5"), "驳回", "报道对象非本社区工作"),
    BonusItem("荷花社区", "文化礼堂获评市级五星", D("1"), "通过", ""),
    BonusItem("虞师里社区", "承办区级现场会", D("0.5"), "申报", "待考绩办审核"),
)
VETOES = (Veto("花柳塘社区", "安全生产", "辖区发生较大安全生产责任事故，一票否决"),)

# Staff per community: 网格长, 社区书记, 网格指导员, then five 专职社工.
NAMES = {
    "花柳塘社区": ("陈伟国", "李秀英", "张建军", "王丽华", "刘静", "杨帆", "赵敏", "黄晓燕"),
    "虞师里社区": ("周建平", "吴美玲", "徐志强", "孙丽娟", "马超", "朱慧", "胡晓明", "郭婷婷"),
    "马鞍池社区": ("何国华", "林雪梅", "高峰", "罗佳", "梁晨", "宋雅琴", "郑凯", "谢丹"),
    "双莲桥社区": ("韩永刚", "唐淑芬", "冯磊", "董雨婷", "萧剑", "程莉", "曹阳", "袁芳"),
    "白鹿洲社区": ("邓志明", "许红梅", "傅斌", "沈晓丽", "曾凡", "彭玉兰", "吕涛", "苏倩"),
    "山前街社区": ("卢海涛", "蒋素珍", "蔡国栋", "贾燕", "丁浩", "魏琳", "薛冰", "叶青"),
    "荷花社区": ("阎振华", "余秀兰", "潘文斌", "杜娟", "戴明", "夏蕾", "钟毅", "汪洁"),
}
# 破难攻坚网格长 (seconded), with their home community and forced rank
SECONDED = (("金海波", "马鞍池社区", 1), ("陶建新", "山前街社区", 2), ("姜国平", "白鹿洲社区", 3))
TWO_POSTS = ("任晓峰", ("虞师里社区", D(5)), ("马鞍池社区", D(7)))  # 网格指导员
NO_LINE = "杨帆"  # 专职社工 without a line (mean-L fallback)
TWO_LINES = "朱慧"
FAILING = "丁浩"  # L < 40 and H < 6

REWARD_BASES = {  # kind -> yuan per person-year by tier 1..3
    "社区书记": ("60000", "56000", "52000"),
    "网格长": ("56000", "52000", "48000"),
    "网格指导员": ("48000", "45000", "42000"),
    "破难攻坚网格长": ("58000", "54000", "50000"),
    "专职社工": ("40000", "37000", "34000"),
}


def _q(value: Decimal, step: Decimal = TENTH) -> Decimal:
    return value.quantize(step)


def _line_scores(rng: random.Random) -> list[LineScore]:
    out: list[LineScore] = []
    grid: dict[tuple[str, str, str], Decimal] = {}
    for line in LINES_2017:
        for quarter in QUARTERS:
            for name, _, _, strength in COMMUNITIES:
                loss = D(strength) + D(rng.randint(-30, 45)) / 1000
                score = _q(line.full_marks * (1 - loss))
                grid[(line.name, quarter, name)] = min(max(score, D(0)), line.full_marks)
    # 马鞍池 last in 城管 two quarters running -> 连续末位约谈
    for quarter in ("一季度", "二季度"):
        others = [grid[("城管", quarter, c[0])] for c in COMMUNITIES if c[0] != "马鞍池社区"]
        grid[("城管", quarter, "马鞍池社区")] = min(others) - D("0.6")
    for line in LINES_2017:
        for quarter in QUARTERS:
            for name, *_ in COMMUNITIES:
                out.append(LineScore(name, line.name, quarter, grid[(line.name, quarter, name)]))
    return out


def _staff(rng: random.Random) -> tuple[list[Post], list[DualReview], list[ForcedRank],
                                        list[StaffLineScore], list[HeadScore]]:
    posts: list[Post] = []
    reviews: list[DualReview] = []
    ranks: list[ForcedRank] = []
    l_scores: list[StaffLineScore] = []
    heads: list[HeadScore] = []
    lines = [line.name for line in LINES_2017]
    c_index = 0
    for community, names in NAMES.items():
        for kind, person in zip(("网格长", "社区书记", "网格指导员"), names[:3], strict=True):
            posts.append(Post(person, kind, community, D(12)))
            reviews.append(DualReview(person, D(rng.randint(80, 97)), D(rng.randint(82, 98))))
        for person in names[3:]:
            posts.append(Post(person, "专职社工", community, D(12)))
            if person == FAILING:
                l_scores.append(StaffLineScore(person, lines[c_index % 11], D("37.5")))
                heads.append(HeadScore(person, D("5.5")))
            else:
                if person != NO_LINE:
                    l_scores.append(StaffLineScore(
                        person, lines[c_index % 11], _q(D(rng.randint(405, 495)) / 10, D("0.5"))))
                if person == TWO_LINES:
                    l_scores.append(StaffLineScore(
                        person, lines[(c_index + 5) % 11], D(rng.randint(41, 49))))
                heads.append(HeadScore(person, D(rng.randint(60, 98)) / 10))
            c_index += 1
    person, (first, m1), (second, m2) = TWO_POSTS
    posts.append(Post(person, "网格指导员", first, m1))
    posts.append(Post(person, "网格指导员", second, m2))
    reviews.append(DualReview(person, D(88), D(91)))
    for person, community, rank in SECONDED:
        posts.append(Post(person, "破难攻坚网格长", community, D(12)))
        ranks.append(ForcedRank(person, rank))
    return posts, reviews, ranks, l_scores, heads


def demo_year() -> YearData:
    """The 2017 大南街道 demo year (deterministic)."""
    rng = random.Random(2017)
    communities = tuple(Community(n, task, leader) for n, task, leader, _ in COMMUNITIES)
    line_scores = _line_scores(rng)
    projects = tuple(
        Project(c, kind, name, D(points), dept, D(score))
        for c, items in PROJECTS.items() for kind, name, points, dept, score in items
    )
    satisfaction = tuple(SatisfactionCounts(c, *counts) for c, counts in SATISFACTION.items())
    leader_scores = tuple(
        LeaderScore(c, rater, D(rng.randint(24, 30)) / 10)
        for c, *_ in COMMUNITIES for rater in LEADERS
    )
    posts, reviews, ranks, l_scores, heads = _staff(rng)
    bases = tuple(
        RewardBase(kind, tier, D(amount))
        for kind, amounts in REWARD_BASES.items() for tier, amount in enumerate(amounts, 1)
    )
    return YearData(
        year=2017, organisation="大南街道", communities=communities, lines=LINES_2017,
        leaders=LEADERS, line_scores=tuple(line_scores), projects=projects,
        satisfaction=satisfaction, leader_scores=leader_scores, bonus_items=BONUS,
        vetoes=VETOES, posts=tuple(posts), dual_reviews=tuple(reviews),
        forced_ranks=tuple(ranks), staff_line_scores=tuple(l_scores),
        head_scores=tuple(heads), reward_bases=bases,
    )


def create_demo_file(path: str | Path) -> None:
    """Write the demo year as a new year file, with its publicity text filled
    in (dates, supervision phone, contact, address, 文号) so that the printed sheets read as
    they would in the office. The phone number is fictitious."""
    with YearFile.create(path, demo_year(), source="演示") as yf:
        save_settings(yf, PublicitySettings(start=date(2018, 1, 15), phone="0577-8800 0000",
                                            contact="陈老师", address="大南街道考绩办（大南路1号）",
                                            doc_number="大南委〔2018〕5号"), source="演示")
