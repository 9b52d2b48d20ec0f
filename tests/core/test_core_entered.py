"""Half-entered rows (a None in a field) count as not entered: compute_year
neither crashes nor lets them change anything else."""

from __future__ import annotations

import dataclasses

import pytest

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import DualReview, YearData
from kaoji_desktop.demo import demo_year

DEMO = demo_year()
TABLES = [
    f.name for f in dataclasses.fields(YearData)
    if isinstance(getattr(DEMO, f.name), tuple) and getattr(DEMO, f.name)
    and dataclasses.is_dataclass(getattr(DEMO, f.name)[0])
]
CASES = [
    (table, field.name)
    for table in TABLES
    for field in dataclasses.fields(getattr(DEMO, table)[0])
]


def _as_rules_see_it(data: YearData, table: str, index: int, name: str) -> YearData:
    """The expected year, built by hand: the row left out, or given the
    field's default when the field has one."""
    rows = list(getattr(data, table))
    field = next(f for f in dataclasses.fields(rows[index]) if f.name == name)
    if field.default is dataclasses.MISSING:
        del rows[index]
    else:
        rows[index] = dataclasses.replace(rows[index], **{name: field.default})
    return dataclasses.replace(data, **{table: tuple(rows)})


def test_every_table_is_covered() -> None:
    assert {"line_scores", "posts", "dual_reviews", "staff_line_scores", "head_scores",
            "leader_scores", "projects", "communities", "lines"} <= set(TABLES)


@pytest.mark.parametrize(("table", "name"), CASES)
def test_a_none_field_counts_as_not_entered(table: str, name: str) -> None:
    rows = getattr(DEMO, table)
    index = len(rows) // 2
    half = dataclasses.replace(rows[index], **{name: None})
    data = dataclasses.replace(DEMO, **{table: (*rows[:index], half, *rows[index + 1:])})
    result = compute_year(data)
    assert result == compute_year(_as_rules_see_it(DEMO, table, index, name))


def test_half_entered_dual_review_is_missing_not_a_crash() -> None:
    person = DEMO.dual_reviews[0].person
    reviews = tuple(
        DualReview(r.person, r.a, None) if r.person == person else r for r in DEMO.dual_reviews
    )
    result = compute_year(dataclasses.replace(DEMO, dual_reviews=reviews))
    assert "双述双评未录入" in result.person(person).missing
    assert "双述双评未录入" not in compute_year(DEMO).person(person).missing


def test_a_none_leader_name_is_ignored() -> None:
    data = dataclasses.replace(DEMO, leaders=(*DEMO.leaders, None))  # type: ignore[operator]
    assert compute_year(data) == compute_year(DEMO)
