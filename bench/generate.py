"""Synthetic assessment years for the benchmarks.

`demo()` is the program's own demo year (7 communities, ~60 staff);
`district_year()` is a district-sized year: 200 communities, the 11 lines of
2017 scored in 4 quarters, 6,000 staff, and every kind of data (projects,
satisfaction counts and per-respondent ratings, leader scores, bonus items in
every status including deductions, vetoes, multi-post staff, all five staff
kinds, staff line scores, head scores, reward bases). Deterministic: the only
randomness is a seeded `random.Random`. Every score is a Decimal within its
range (RULES.md, WORKBOOK.md).

`write_year(data, out_dir, stem)` writes `stem.kaoji` (year file) and
`stem.xlsx` (year workbook) and returns both paths.
"""

from __future__ import annotations

import itertools
import random
from decimal import Decimal
from pathlib import Path

from kaoji_desktop.core.model import (
    LINES_2017,
    RATINGS,
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
    SatisfactionRating,
    StaffLineScore,
    Veto,
    YearData,
)

D = Decimal
TENTH = D("0.1")
HALF = D("0.5")
QUARTERS = ("一季度", "二季度", "三季度", "四季度")
OUT_DIR = Path(__file__).resolve().parent / "out"

_PLACE_A = ("东", "西", "南", "北", "新", "老", "上", "下", "前", "后",
            "中", "金", "银", "青", "白", "红", "黄", "石", "花", "松")
_PLACE_B = ("桥", "湖", "塘", "街", "巷", "山", "河", "园", "苑", "门")
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
)
_GIVEN = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓东", "丽君", "国强", "海燕",
    "启明", "志远", "建军", "丽华", "帆", "晓燕", "建平", "美玲", "志强", "丽娟", "慧",
    "晓明", "婷婷", "国华", "雪梅", "峰", "佳", "晨", "雅琴", "凯", "丹", "永刚", "淑芬",
    "雨婷", "剑", "莉", "阳", "志明", "红梅", "斌", "晓丽", "凡", "玉兰", "倩", "海涛",
    "素珍", "国栋", "燕", "浩", "琳", "冰", "青", "振华", "秀兰", "文斌", "蕾", "毅", "洁",
    "海波", "建新", "国平", "晓峰", "宇", "欣", "鑫", "博", "晶", "瑶", "俊", "辉", "琴",
    "颖", "婕", "思远", "子涵", "梓萱", "浩然", "嘉怡", "一鸣", "天佑", "若曦", "安琪",
)
REWARD_BASES = {  # kind -> yuan per person-year by tier 1..3
    "社区书记": ("60000", "56000", "52000"),
    "网格长": ("56000", "52000", "48000"),
    "网格指导员": ("48000", "45000", "42000"),
    "破难攻坚网格长": ("58000", "54000", "50000"),
    "专职社工": ("40000", "37000", "34000"),
}
PROJECT_NAMES = {
    "亮点": ("邻里议事厅", "志愿服务品牌", "四点半课堂", "红色物业联盟", "文化礼堂"),
    "重点": ("垃圾分类示范小区", "老年食堂提质", "智慧安防全覆盖", "停车秩序整治", "税源培育"),
    "难点": ("旧村改造签约清零", "危旧房解危", "违法建筑拆除", "群租房隐患清零", "加装电梯"),
}
BONUS_ITEMS = (
    ("获评市级文明社区", "1"), ("区级先进基层党组织", "1"), ("省级媒体正面报道", "0.5"),
    ("发生越级信访事件", "-1"), ("获评区级平安社区", "0.5"), ("承办区级现场会", "0.5"),
    ("安全检查发现重大隐患未整改", "-0.5"), ("市级表彰", "1"),
)
STATUSES = ("通过", "通过", "驳回", "通过")  # plus 申报 in a few communities


def demo() -> YearData:
    """The program's demo year (kaoji_desktop.demo)."""
    from kaoji_desktop.demo import demo_year

    return demo_year()


def community_names(n: int) -> list[str]:
    names = [f"{a}{b}社区" for a, b in itertools.product(_PLACE_A, _PLACE_B)]
    if n > len(names):
        raise ValueError(f"at most {len(names)} communities")
    return names[:n]


def person_names(n: int, rng: random.Random) -> list[str]:
    pool = [s + g for s, g in itertools.product(_SURNAMES, _GIVEN)]
    rng.shuffle(pool)
    if n <= len(pool):
        return pool[:n]
    # more people than name pairs: second bearers get a suffix, as the office writes them
    out = list(pool)
    k = 2
    while len(out) < n:
        out.extend(f"{p}({k})" for p in pool[: n - len(out)])
        k += 1
    return out


def _q(value: Decimal, step: Decimal = TENTH) -> Decimal:
    return value.quantize(step)


def _line_scores(rng: random.Random, communities: list[str],
                 strength: dict[str, Decimal]) -> list[LineScore]:
    out = []
    for line in LINES_2017:
        for quarter in QUARTERS:
            for c in communities:
                loss = strength[c] + D(rng.randint(-30, 45)) / 1000
                score = _q(line.full_marks * (1 - loss))
                out.append(LineScore(c, line.name, quarter,
                                     min(max(score, D(0)), line.full_marks)))
    return out


def _projects(rng: random.Random, communities: list[str]) -> list[Project]:
    splits = ((6, 6, 6, 6), (5, 5, 5, 5, 4), (6, 5, 5, 4, 4), (4, 4, 4, 4, 4, 4))
    out = []
    for c in communities:  # the points of a community's projects add up to the cap, 24
        for i, p in enumerate(rng.choice(splits)):
            kind = ("亮点", "重点", "难点")[i % 3]
            points = D(p)
            name = f"{c[:-2]}{PROJECT_NAMES[kind][rng.randrange(5)]}({i + 1})"
            score = _q(points * D(rng.randint(70, 100)) / 100)
            out.append(Project(c, kind, name, points, "城建办", score))
    return out


def _satisfaction(rng: random.Random, communities: list[str]
                  ) -> tuple[list[SatisfactionCounts], list[SatisfactionRating]]:
    counts, ratings = [], []
    for i, c in enumerate(communities):
        if i % 10 == 9:  # a tenth are rated respondent by respondent
            for r in range(1, 51):
                ratings.append(SatisfactionRating(
                    c, r, rng.choices(RATINGS, weights=(70, 20, 8, 2))[0]))
        else:
            n = 50
            exc = rng.randint(30, 44)
            good = rng.randint(0, n - exc)
            passed = rng.randint(0, n - exc - good)
            counts.append(SatisfactionCounts(c, exc, good, passed, n - exc - good - passed))
    return counts, ratings


def _bonus_and_vetoes(rng: random.Random, communities: list[str]
                      ) -> tuple[list[BonusItem], list[Veto]]:
    bonus = []
    for i, c in enumerate(communities):
        for j in rng.sample(range(len(BONUS_ITEMS)), rng.randint(0, 3)):
            item, points = BONUS_ITEMS[j]
            status = "申报" if i % 40 == 7 else STATUSES[(i + j) % len(STATUSES)]
            bonus.append(BonusItem(c, item, D(points), status, "基准测试" if j % 2 else ""))
    vetoes = [Veto(c, "安全生产", "辖区发生较大安全生产责任事故")
              for c in communities[3::67]]
    return bonus, vetoes


def _staff(rng: random.Random, communities: list[str], per_community: int):
    """Posts and staff inputs: per community 1 网格长, 1 社区书记, 2 网格指导员,
    1 破难攻坚网格长, the rest 专职社工. Every tenth community shares a 网格指导员
    with the next (5 + 7 months); every 25th community's 网格长 also holds a
    网格指导员 post there (6 + 6 months)."""
    names = iter(person_names(len(communities) * per_community, rng))
    lines = [line.name for line in LINES_2017]
    posts: list[Post] = []
    reviews: list[DualReview] = []
    seconded: list[str] = []
    l_scores: list[StaffLineScore] = []
    heads: list[HeadScore] = []

    def review(person: str) -> None:
        reviews.append(DualReview(person, D(rng.randint(75, 99)), D(rng.randint(78, 99))))

    for i, c in enumerate(communities):
        head = next(names)
        if i % 25 == 0:
            posts += [Post(head, "网格长", c, D(6)), Post(head, "网格指导员", c, D(6))]
        else:
            posts.append(Post(head, "网格长", c, D(12)))
        review(head)
        secretary = next(names)
        posts.append(Post(secretary, "社区书记", c, D(12)))
        review(secretary)
        for k in range(2):
            guide = next(names)
            if k == 1 and i % 10 == 0 and i + 1 < len(communities):
                posts += [Post(guide, "网格指导员", c, D(5)),
                          Post(guide, "网格指导员", communities[i + 1], D(7))]
            else:
                posts.append(Post(guide, "网格指导员", c, D(12)))
            review(guide)
        b = next(names)
        posts.append(Post(b, "破难攻坚网格长", c, D(12)))
        seconded.append(b)
        for k in range(per_community - 5):
            person = next(names)
            posts.append(Post(person, "专职社工", c, D(12)))
            n = (i * per_community + k) % 20
            if n != 0:  # one in twenty has no line (the mean-L fallback)
                first = lines[(i + k) % 11]
                l_scores.append(StaffLineScore(person, first, _q(
                    D(rng.randint(360, 500)) / 10, HALF)))
                if n == 1:  # one in twenty has two lines
                    l_scores.append(StaffLineScore(person, lines[(i + k + 5) % 11],
                                                   D(rng.randint(38, 50))))
            heads.append(HeadScore(person, D(rng.randint(50, 100)) / 10))
    order = list(range(1, len(seconded) + 1))
    rng.shuffle(order)
    ranks = [ForcedRank(p, r) for p, r in zip(seconded, order, strict=True)]
    return posts, reviews, ranks, l_scores, heads


def district_year(communities: int = 200, staff: int = 6000, seed: int = 8) -> YearData:
    """A district-sized year (see module docstring)."""
    rng = random.Random(seed)
    names = community_names(communities)
    leaders = tuple(person_names(15, random.Random(seed + 1)))
    strength = {c: D(rng.randint(20, 110)) / 1000 for c in names}
    sat_counts, sat_ratings = _satisfaction(rng, names)
    bonus, vetoes = _bonus_and_vetoes(rng, names)
    posts, reviews, ranks, l_scores, heads = _staff(rng, names, staff // communities)
    return YearData(
        year=2017, organisation="基准区",
        communities=tuple(Community(c, i % 7 != 3, leaders[i % len(leaders)])
                          for i, c in enumerate(names)),
        lines=LINES_2017, leaders=leaders,
        line_scores=tuple(_line_scores(rng, names, strength)),
        projects=tuple(_projects(rng, names)),
        satisfaction=tuple(sat_counts), satisfaction_ratings=tuple(sat_ratings),
        leader_scores=tuple(LeaderScore(c, r, D(rng.randint(22, 30)) / 10)
                            for c in names for r in leaders),
        bonus_items=tuple(bonus), vetoes=tuple(vetoes), posts=tuple(posts),
        dual_reviews=tuple(reviews), forced_ranks=tuple(ranks),
        staff_line_scores=tuple(l_scores), head_scores=tuple(heads),
        reward_bases=tuple(RewardBase(kind, tier, D(a)) for kind, amounts
                           in REWARD_BASES.items() for tier, a in enumerate(amounts, 1)),
    )


def write_year(data: YearData, out_dir: Path, stem: str) -> tuple[Path, Path]:
    """Write `stem.kaoji` and `stem.xlsx` (replacing old ones); returns both paths.

    The workbook is the program's own dump when the exchange package has one."""
    from kaoji_desktop.store import YearFile

    try:
        from kaoji_desktop.exchange.dump import dump_year as write_workbook
    except ImportError:
        from bench.workbook import write_workbook

    out_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / f"{stem}.kaoji"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    yf = YearFile.create(db, data, source="新建", operator="bench")
    yf.checkpoint()
    yf.close()
    xlsx = write_workbook(data, out_dir / f"{stem}.xlsx")
    return db, xlsx


def generate(out_dir: Path = OUT_DIR) -> dict[str, tuple[Path, Path]]:
    """Write the demo and district years; {"demo": (kaoji, xlsx), "district": (...)}."""
    return {"demo": write_year(demo(), out_dir, "demo"),
            "district": write_year(district_year(), out_dir, "district")}
