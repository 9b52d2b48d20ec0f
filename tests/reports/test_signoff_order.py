"""The 签审表 lists communities and people in the year's order (what the
department window shows), whatever order the return's file keeps them in;
the check code does not depend on that order."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kaoji_desktop.demo import demo_year
from kaoji_desktop.exchange.packages import (
    STAFF_PERIOD,
    build_package,
    make_return,
    read_return,
    write_return,
)
from kaoji_desktop.reports.signoff import check_code, from_package, from_return, signoff_sheet


@pytest.fixture(scope="module")
def data():
    return demo_year()


def names_printed(inp) -> list[str]:
    return [row[1] for row in signoff_sheet(inp).sections[0].blocks[1].rows]


def test_communities_in_the_years_order(tmp_path, data):
    year_order = [c.name for c in data.communities]
    assert year_order != sorted(year_order)  # the demo is not in code-point order
    pkg = build_package(data, "file-1", "城管办", "三季度")
    ret = make_return(pkg, {k: D(10) for k in pkg.values}, signer="李明",
                      sign_date="2017-10-09")
    clerk = from_return(read_return(write_return(ret, tmp_path / "r.kjret")), data)
    window = from_package(pkg, ret.values, ret.signer, ret.sign_date)
    assert names_printed(clerk) == year_order == names_printed(window)
    assert check_code(clerk) == check_code(window)


def test_staff_in_the_packages_order(tmp_path, data):
    pkg = build_package(data, "file-1", "社会事务办", STAFF_PERIOD)
    people = [s.person for s in pkg.staff]
    assert people != sorted(people)
    ret = make_return(pkg, {k: D("45.5") for k in pkg.values}, signer="赵红",
                      sign_date="2018-01-05")
    clerk = from_return(read_return(write_return(ret, tmp_path / "s.kjret")), data)
    assert names_printed(clerk) == people == names_printed(from_package(pkg, ret.values))
    assert check_code(clerk) == check_code(from_package(pkg, ret.values))


def test_without_the_year_the_return_order_is_kept(tmp_path, data):
    pkg = build_package(data, "file-1", "城管办", "三季度")
    ret = make_return(pkg, {k: D(10) for k in pkg.values}, signer="李明", sign_date="")
    clerk = from_return(read_return(write_return(ret, tmp_path / "r.kjret")))
    assert sorted(names_printed(clerk)) == sorted(c.name for c in data.communities)
