"""The benchmark generator makes valid years of the promised sizes (no timing)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from bench.generate import district_year, write_year
from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import BONUS_STATUSES, STAFF_KINDS
from kaoji_desktop.exchange.workbook_parse import parse_workbook
from kaoji_desktop.store import YearFile


@pytest.fixture(scope="module")
def district():
    return district_year()


def test_district_sizes(district):
    assert len(district.communities) == 200
    assert len(district.lines) == 11
    assert len(district.line_scores) == 200 * 11 * 4
    assert len({p.person for p in district.posts}) == 6000
    assert len(district.leader_scores) == 200 * len(district.leaders)


def test_district_has_every_kind_of_data(district):
    assert set(Counter(p.kind for p in district.posts)) == set(STAFF_KINDS)
    assert {b.status for b in district.bonus_items} == set(BONUS_STATUSES)
    assert any(b.points < 0 for b in district.bonus_items)
    assert district.vetoes and district.projects and district.satisfaction
    assert district.satisfaction_ratings and district.head_scores and district.reward_bases
    posts = Counter(p.person for p in district.posts)
    assert any(n > 1 for n in posts.values())  # multi-post staff
    lines = Counter(s.person for s in district.staff_line_scores)
    assert any(n > 1 for n in lines.values())
    social = {p.person for p in district.posts if p.kind == "专职社工"}
    assert social - set(lines)  # someone without a line (mean-L fallback)
    b_staff = {p.person for p in district.posts if p.kind == "破难攻坚网格长"}
    assert sorted(r.rank for r in district.forced_ranks) == list(range(1, len(b_staff) + 1))


def test_district_scores_within_ranges(district):
    full = {ln.name: ln.full_marks for ln in district.lines}
    assert all(Decimal(0) <= s.score <= full[s.line] for s in district.line_scores)
    assert all(Decimal(0) <= s.score <= 3 for s in district.leader_scores)
    assert all(Decimal(0) <= s.score <= 50 for s in district.staff_line_scores)
    assert all(Decimal(0) <= s.score <= 10 for s in district.head_scores)
    assert all(0 <= r.a <= 100 and 0 <= r.b <= 100 for r in district.dual_reviews)
    per_community = Counter()
    for p in district.projects:
        assert p.score is not None and Decimal(0) <= p.score <= p.points
        per_community[p.community] += p.points
    assert set(per_community.values()) == {Decimal(24)}
    months = Counter()
    for p in district.posts:
        months[p.person] += p.months
    assert set(months.values()) == {Decimal(12)}


def test_deterministic(district):
    assert district_year() == district
    assert district_year(seed=9) != district


def test_small_year_round_trips_through_file_and_workbook(tmp_path):
    data = district_year(communities=20, staff=600)
    assert len({p.person for p in data.posts}) == 600
    db, xlsx = write_year(data, tmp_path, "small")
    with YearFile.open(db, readonly=True) as yf:
        assert yf.load() == data
    assert parse_workbook(xlsx).data == data
    result = compute_year(data)
    assert len(result.communities) == 20 and len(result.staff) == 600
