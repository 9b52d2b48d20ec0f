"""Issuing task packages: content, the clerk's record, the file round trip."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kaoji_desktop.exchange.packages import (
    STAFF_PERIOD,
    PackageError,
    build_package,
    departments,
    issued_packages,
    periods_for,
    read_package,
    write_package,
)
from kaoji_desktop.store import YearFile
from tests.exchange.packages.pkg_helpers import issue, open_year


def test_departments_and_periods_follow_the_lines():
    data = open_year()
    assert len(departments(data)) == 11
    assert departments(data)[0] == "监察室"
    assert periods_for(data, "城管办") == ["一季度", "二季度", "三季度", "四季度", STAFF_PERIOD]
    assert periods_for(data, "没有的科室") == []


def test_line_package_holds_just_its_department(year_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    assert [x.name for x in pkg.lines] == ["城管"]
    assert pkg.lines[0].full_marks == Decimal(12)
    assert len(pkg.communities) == 7
    assert len(pkg.values) == 7
    assert all(k[0] == "line_scores" and k[1][1:] == ("城管", "三季度") for k in pkg.values)
    assert all(v is None for v in pkg.values.values())  # third quarter not yet scored
    with YearFile.open(year_path, readonly=True) as yf:
        assert pkg.file_id == yf.get_meta("file_id")
        assert pkg.year == 2017


def test_package_carries_current_values(year_path: Path):
    pkg = issue(year_path, "城管办", "一季度")
    data = open_year()
    expected = {s.community: s.score for s in data.line_scores
                if s.line == "城管" and s.period == "一季度"}
    assert {k[1][0]: v for k, v in pkg.values.items()} == expected


def test_staff_package_lists_the_people_with_its_lines(year_path: Path):
    pkg = issue(year_path, "城管办", STAFF_PERIOD)
    data = open_year()
    scored = {s.person: s.score for s in data.staff_line_scores if s.line == "城管"}
    assert {s.person for s in pkg.staff} == set(scored)
    assert {k[1][0]: v for k, v in pkg.values.items()} == scored
    assert pkg.maximum(next(iter(pkg.values))) == Decimal(50)


def test_staff_package_without_any_l_lists_every_social_worker():
    import dataclasses
    data = dataclasses.replace(open_year(), staff_line_scores=())
    pkg = build_package(data, "f" * 32, "城管办", STAFF_PERIOD)
    social = {p.person for p in data.posts if p.kind == "专职社工"}
    assert {s.person for s in pkg.staff} == social


def test_issue_records_the_package_in_the_clerks_file(year_path: Path):
    pkg = issue(year_path, "人武部", "三季度")
    with YearFile.open(year_path, readonly=True) as yf:
        records = issued_packages(yf)
        audit = yf.audit(limit=1)[0]
    assert [r.package_id for r in records] == [pkg.package_id]
    assert records[0].secret == pkg.secret
    assert records[0].base == pkg.values
    assert audit.source == "流程" and "人武部" in audit.note


@pytest.mark.parametrize("dept, period, words", [
    ("不存在科", "三季度", "没有科室"), ("城管办", "上半年", "没有“上半年”"),
])
def test_unknown_department_or_period_is_refused(year_path: Path, dept, period, words):
    with pytest.raises(PackageError, match=words):
        issue(year_path, dept, period)
    with YearFile.open(year_path, readonly=True) as yf:
        assert issued_packages(yf) == []


def test_package_file_round_trip(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", STAFF_PERIOD)
    path = write_package(pkg, tmp_path / "t.kjtask")
    assert read_package(path) == pkg


@pytest.mark.parametrize("content", [b"", b"garbage", b"PK\x03\x04broken zip"])
def test_damaged_package_is_refused(tmp_path: Path, content: bytes):
    path = tmp_path / "bad.kjtask"
    path.write_bytes(content)
    with pytest.raises(PackageError, match="损坏"):
        read_package(path)
