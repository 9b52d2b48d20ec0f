"""compute_year as a whole: ordering, completeness, order independence,
and the core's import hygiene."""

import random
import subprocess
import sys
from dataclasses import fields, replace
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import (
    DualReview,
    ForcedRank,
    HeadScore,
    LeaderScore,
    Post,
    RewardBase,
    SatisfactionRating,
    StaffLineScore,
    Veto,
    YearData,
)
from tests.core.core_builder import staff_year

FULL = staff_year(
    {"甲": "120", "乙": "118", "丙": "118", "丁": "131", "戊": "100", "己": "90", "庚": "89"},
    vetoes=(Veto("甲", "安全生产"),),
    leaders=("王书记", "李主任"),
    leader_scores=tuple(LeaderScore(c, r, D("2.5")) for c in "甲乙丙丁戊己庚"
                        for r in ("王书记", "李主任")),
    satisfaction_ratings=(SatisfactionRating("乙", 1, "优秀"), SatisfactionRating("乙", 2, "良好")),
    posts=(Post("甲长", "网格长", "甲"), Post("乙长", "网格长", "乙", D(8)),
           Post("乙长", "专职社工", "丙", D(4)), Post("攻坚", "破难攻坚网格长", "丁"),
           Post("社工1", "专职社工", "乙"), Post("社工2", "专职社工", "乙"),
           Post("社工3", "专职社工", "庚")),
    dual_reviews=(DualReview("甲长", D(90), D(88)), DualReview("乙长", D(85), D(87))),
    forced_ranks=(ForcedRank("攻坚", 1),),
    staff_line_scores=(StaffLineScore("社工1", "城管", D(46)),
                       StaffLineScore("乙长", "党建", D(44)),
                       StaffLineScore("社工3", "社会事务", D("39.5"))),
    head_scores=tuple(HeadScore(n, D(v)) for n, v in
                      (("社工1", 9), ("社工2", 7), ("社工3", "5.9"), ("乙长", 8))),
    reward_bases=tuple(RewardBase(k, t, D(10000 - 1000 * t))
                       for k in ("网格长", "专职社工", "破难攻坚网格长") for t in (1, 2, 3)),
)


def test_full_year_is_complete_and_ordered() -> None:
    r = compute_year(FULL)
    assert r.complete and r.missing == ()
    assert [c.name for c in r.communities] == sorted(
        (c.name for c in r.communities), key=lambda n: (r.community(n).rank, n))
    assert [s.category for s in r.staff] == sorted(s.category for s in r.staff)
    assert r.person("社工3").failed
    assert r.community("甲").tier == 2 and r.community("丁").tier == 1


def test_incomplete_year_still_computes_year_to_date() -> None:
    data = replace(FULL, line_scores=tuple(s for s in FULL.line_scores
                                           if not (s.community == "乙" and s.line == "城管")))
    r = compute_year(data)
    assert not r.complete
    b = r.community("乙")
    assert b.incomplete and b.missing == ("条线 城管 年度未录入",)
    assert "乙：条线 城管 年度未录入" in r.missing
    assert r.person("社工1").incomplete
    assert r.person("社工1").missing == ("所在社区 乙 数据不完整",)
    assert not r.person("甲长").incomplete
    assert len(r.communities) == 7
    assert r.community("乙").total == compute_year(FULL).community("乙").total


def _shuffled(data: YearData, seed: int) -> YearData:
    rnd = random.Random(seed)
    changes = {}
    for f in fields(YearData):
        value = getattr(data, f.name)
        if isinstance(value, tuple) and f.name not in ("posts",):
            items = list(value)
            rnd.shuffle(items)
            changes[f.name] = tuple(items)
    # Posts: shuffle people, but keep each person's own posts in order
    # (the documented 'latest post' tie rule depends on it).
    people = sorted({p.person for p in data.posts})
    rnd.shuffle(people)
    changes["posts"] = tuple(p for who in people for p in data.posts if p.person == who)
    return replace(data, **changes)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_results_do_not_depend_on_input_order(seed: int) -> None:
    assert compute_year(_shuffled(FULL, seed)) == compute_year(FULL)


def test_core_imports_no_qt_sqlite_or_openpyxl() -> None:
    code = (
        "import sys, kaoji_desktop.core as c; c.compute_year\n"
        "import kaoji_desktop.core.year, kaoji_desktop.core.rules_json\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'sqlite3', '_sqlite3', 'sqlite_utils', 'openpyxl')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
