"""RULES.md §1.1 line scores and §1.2 period rankings and talks."""

from decimal import Decimal as D

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import Community, LineDef, LineScore
from tests.core.core_builder import year_with_totals

Q = ("一季度", "二季度", "三季度", "四季度")
LINES = (
    LineDef("城管", D(12), "季度", "城管办"),
    LineDef("党建", D(10), "半年", "党建办"),
    LineDef("人武", D(2), "年度", "人武部"),
)


def year(scores: list[tuple[str, str, str, str]], names: str = "甲乙丙", **extra):
    return year_with_totals(
        dict.fromkeys(names, "0"),
        communities=tuple(Community(n, liaison_leader=f"{n}联系领导") for n in names),
        lines=LINES,
        line_scores=tuple(LineScore(c, line, p, D(s)) for c, line, p, s in scores),
        **extra,
    )


def full(line: str, periods: tuple[str, ...], table: dict[str, list[str]]):
    return [(c, line, p, s) for c, row in table.items() for p, s in zip(periods, row, strict=True)]


def test_quarterly_half_yearly_and_annual_means() -> None:
    rows = (
        full("城管", Q, {"甲": ["10", "11", "12", "12"], "乙": ["9", "9", "9", "9"],
                         "丙": ["8", "8", "8", "8.5"]})
        + full("党建", ("上半年", "下半年"), {"甲": ["8", "9"], "乙": ["7", "7"], "丙": ["7", "7"]})
        + full("人武", ("年度",), {"甲": ["2"], "乙": ["1.5"], "丙": ["2"]})
    )
    r = compute_year(year(rows))
    a = r.community("甲")
    assert a.line_scores == {"城管": D("11.25"), "党建": D("8.5"), "人武": D(2)}
    assert a.lines == D("21.75") and not a.incomplete
    # 8.125 + 7 + 2 = 17.125: lines are summed, then rounded half up.
    assert r.community("丙").lines == D("17.13")
    assert r.community("丙").total == D("17.13")


def test_year_to_date_mean_over_entered_periods_and_missing_listed() -> None:
    rows = full("城管", Q[:2], {"甲": ["10", "11"], "乙": ["9", "9"], "丙": ["8", "8"]})
    rows.append(("甲", "城管", "四季度", "12"))
    r = compute_year(year(rows))
    a = r.community("甲")
    assert a.line_scores["城管"] == D(11) and a.line_scores["党建"] is None
    assert a.incomplete and "条线 城管 三季度未录入" in a.missing
    assert "条线 党建 上半年未录入" in a.missing and "条线 人武 年度未录入" in a.missing
    assert "条线 城管 四季度未录入" in r.community("乙").missing
    assert not r.complete


def test_sum_of_thirds_rounds_exactly_at_005() -> None:
    # Three quarters entered in two lines: 1/3 + 2.015/3 = 1.005 -> 1.01.
    lines = (LineDef("X", D(50)), LineDef("Y", D(50)))
    rows = [LineScore("甲", "X", q, D(s)) for q, s in zip(Q, ["1", "0", "0"], strict=False)]
    rows += [LineScore("甲", "Y", q, D(s)) for q, s in zip(Q, ["2.015", "0", "0"], strict=False)]
    data = year_with_totals({"甲": "0"}, lines=lines, line_scores=tuple(rows))
    r = compute_year(data)
    assert r.community("甲").lines == D("1.01")
    assert r.community("甲").missing == ("条线 X 四季度未录入", "条线 Y 四季度未录入")


def test_period_ranked_only_when_every_community_has_its_score() -> None:
    rows = full("城管", Q[:1], {"甲": ["10"], "乙": ["9"], "丙": ["8"]})
    rows.append(("甲", "城管", "二季度", "5"))
    r = compute_year(year(rows))
    assert [(x.line, x.period) for x in r.line_rankings] == [("城管", "一季度")]
    ranking = r.line_rankings[0]
    assert ranking.ranks == {"甲": 1, "乙": 2, "丙": 3} and ranking.last == ("丙",)
    assert [(t.period, t.community, t.kind) for t in r.talks] == [("一季度", "丙", "末位约谈")]
    assert "城管办" in r.talks[0].targets


def test_nobody_last_when_all_equal_and_ties_share_last() -> None:
    rows = full("城管", Q[:2], {"甲": ["9", "10"], "乙": ["9", "8"], "丙": ["9", "8"]})
    r = compute_year(year(rows))
    first, second = r.line_rankings
    assert first.last == () and first.ranks == {"甲": 1, "乙": 1, "丙": 1}
    assert second.last == tuple(sorted(["乙", "丙"])) and second.ranks["丙"] == 2
    assert [(t.period, t.community, t.kind) for t in r.talks] == [
        ("二季度", n, "末位约谈") for n in sorted(["乙", "丙"])]


def test_consecutive_last_escalates_and_a_gap_breaks_the_run() -> None:
    rows = full("城管", Q, {"甲": ["10", "10", "10", "10"], "乙": ["9", "9", "9", "9"],
                            "丙": ["8", "8", "8", "8"]})
    rows.remove(("甲", "城管", "三季度", "10"))  # Q3 unranked: breaks the run
    r = compute_year(year(rows))
    kinds = [(t.period, t.community, t.kind) for t in r.talks if t.line == "城管"]
    assert kinds == [("一季度", "丙", "末位约谈"), ("二季度", "丙", "连续末位约谈"),
                     ("四季度", "丙", "末位约谈")]
    escalated = r.talks[1]
    assert "网格长" in escalated.targets and "社区书记" in escalated.targets
    assert "丙联系领导" in escalated.targets and "党工委书记" in escalated.targets


def test_half_yearly_consecutive_and_annual_never_consecutive() -> None:
    rows = (full("党建", ("上半年", "下半年"),
                 {"甲": ["8", "9"], "乙": ["7", "6"], "丙": ["9", "9"]})
            + full("人武", ("年度",), {"甲": ["2"], "乙": ["1"], "丙": ["2"]}))
    r = compute_year(year(rows))
    got = [(t.period, t.line, t.community, t.kind) for t in r.talks]
    assert got == [("上半年", "党建", "乙", "末位约谈"), ("下半年", "党建", "乙", "连续末位约谈"),
                   ("年度", "人武", "乙", "末位约谈")]


def test_out_of_cycle_period_and_unknown_names_are_warned_and_ignored() -> None:
    rows = [("甲", "人武", "一季度", "1"), ("丁", "城管", "一季度", "1"),
            ("甲", "无此线", "年度", "1")]
    r = compute_year(year(rows))
    assert r.community("甲").line_scores["人武"] is None
    assert len(r.warnings) == 4 and any("无此线" in w for w in r.warnings)
    assert "条线分值合计24.00，应为100" in r.warnings
