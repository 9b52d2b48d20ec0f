"""Merging returns: preview classification, every refusal, audit, order."""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from kaoji_desktop.core import compute_year
from kaoji_desktop.exchange.packages import (
    CHANGED,
    CONFLICT,
    NEW,
    SAME,
    STAFF_PERIOD,
    PackageError,
    departments,
    make_return,
    merge_return,
    preview_return,
    read_return,
    write_return,
)
from kaoji_desktop.exchange.packages.fileformat import return_content, sign
from kaoji_desktop.store import Change, YearFile
from tests.exchange.packages.pkg_helpers import data_tables, filled, issue, make_year

D = Decimal


def merge(path: Path, ret, on_conflict="refuse"):
    with YearFile.open(path) as yf:
        return merge_return(yf, ret, on_conflict)


def refused(path: Path, ret, words: str) -> None:
    before = data_tables(path)
    with pytest.raises(PackageError, match=words) as info:
        merge(path, ret)
    assert "未合并" in str(info.value)
    assert data_tables(path) == before


def test_return_fills_the_clerks_file_and_audits_signer(year_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    values = filled(pkg)
    ret = make_return(pkg, values, signer="李明", sign_date="2017-10-08")
    preview, _ = merge(year_path, ret)
    assert preview.counts == {NEW: 7, CHANGED: 0, SAME: 0, CONFLICT: 0}
    with YearFile.open(year_path, readonly=True) as yf:
        data = yf.load()
        merged = [a for a in yf.audit() if a.source == "合并回执"]
    got = {(s.community, s.line, s.period): s.score for s in data.line_scores
           if s.period == "三季度"}
    assert got == {k[1]: v for k, v in values.items()}
    score_rows = [a for a in merged if a.table == "line_scores"]
    assert len(score_rows) == 7
    assert all(ret.return_id in a.note and "李明" in a.note for a in score_rows)


def test_merged_results_equal_typed_results(year_path: Path, tmp_path: Path):
    typed = tmp_path / "typed.kaoji"
    make_year(typed)
    pkg = issue(year_path, "综治办", "三季度")
    values = filled(pkg, salt=3)
    merge(year_path, make_return(pkg, values, signer="王", sign_date="2017-10-01"))
    with YearFile.open(typed) as yf:
        yf.apply([Change(t, k, {"score": v}) for (t, k), v in values.items()], source="录入")
    with YearFile.open(year_path) as a, YearFile.open(typed) as b:
        assert compute_year(a.load()) == compute_year(b.load())


def test_preview_classifies_new_changed_same_and_conflict(year_path: Path):
    pkg = issue(year_path, "城管办", "一季度")  # first quarter already scored
    c = list(pkg.communities)
    key = {name: pkg.cell_key(name, "城管") for name in c}
    values = dict(pkg.values)
    values[key[c[0]]] = D("11.5")   # changed by the department
    values[key[c[1]]] = D("10.1")   # changed by both, differently -> conflict
    values[key[c[2]]] = D("9.9")    # changed by both, the same -> unchanged
    # c[3]: the department left it, the clerk changed it -> keeps the clerk's
    with YearFile.open(year_path) as yf:
        yf.apply([Change("line_scores", key[c[1]][1], {"score": D("8")}),
                  Change("line_scores", key[c[2]][1], {"score": D("9.9")}),
                  Change("line_scores", key[c[3]][1], {"score": D("7")}),
                  Change("line_scores", key[c[4]][1], None)], source="录入")
    # c[4]: deleted by the clerk, left by the department -> stays deleted
    ret = make_return(pkg, values, signer="李明", sign_date="2017-04-05")
    with YearFile.open(year_path, readonly=True) as yf:
        preview = preview_return(yf, ret)
    status = {i.key[1][0]: i.status for i in preview.items}
    assert status[c[0]] == CHANGED
    assert status[c[1]] == CONFLICT
    assert status[c[2]] == SAME
    assert status[c[3]] == SAME
    assert status[c[4]] == SAME
    assert preview.counts == {NEW: 0, CHANGED: 1, SAME: 5, CONFLICT: 1}
    item = next(i for i in preview.items if i.status == CHANGED)
    assert (item.current, item.incoming) == (pkg.values[key[c[0]]], D("11.5"))


def test_preview_classifies_new_and_cleared(year_path: Path):
    pkg = issue(year_path, "城管办", "一季度")
    first, second = pkg.communities[:2]
    with YearFile.open(year_path) as yf:  # the clerk clears one cell before the return
        yf.apply([Change("line_scores", (first, "城管", "一季度"), None)], source="录入")
    values = dict(pkg.values)
    values[pkg.cell_key(second, "城管")] = None  # the department clears another
    ret = make_return(pkg, values, signer="李", sign_date="2017-04-05")
    with YearFile.open(year_path, readonly=True) as yf:
        status = {i.key[1][0]: i.status for i in preview_return(yf, ret).items}
    assert status[second] == CHANGED  # old -> empty
    assert status[first] == SAME  # the department left it


def _conflicting(year_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    key = pkg.cell_key(pkg.communities[0], "城管")
    with YearFile.open(year_path) as yf:
        yf.apply([Change("line_scores", key[1], {"score": D("6")})], source="录入")
    values = filled(pkg)
    return key, values, make_return(pkg, values, signer="李", sign_date="2017-10-01")


def score_of(path: Path, key) -> Decimal | None:
    with YearFile.open(path, readonly=True) as yf:
        return next((s.score for s in yf.load().line_scores
                     if (s.community, s.line, s.period) == key[1]), None)


def test_conflict_refused_by_default(year_path: Path):
    _, _, ret = _conflicting(year_path)
    refused(year_path, ret, "冲突")


@pytest.mark.parametrize("policy", ["return", "keep"])
def test_conflict_policy(year_path: Path, policy: str):
    key, values, ret = _conflicting(year_path)
    merge(year_path, ret, policy)
    assert score_of(year_path, key) == (values[key] if policy == "return" else D("6"))
    other = next(k for k in values if k != key)
    assert score_of(year_path, other) == values[other]


def test_refuses_return_of_another_year(year_path: Path, tmp_path: Path):
    other = make_year(tmp_path / "2018.kaoji", year=2018)
    pkg = issue(other, "城管办", "三季度")
    issue(year_path, "城管办", "三季度")
    refused(year_path, make_return(pkg, filled(pkg), signer="李", sign_date=""), "2018 年度")


def test_refuses_return_of_another_year_file(year_path: Path, tmp_path: Path):
    other = make_year(tmp_path / "copy-2017.kaoji")
    pkg = issue(other, "城管办", "三季度")
    refused(year_path, make_return(pkg, filled(pkg), signer="李", sign_date=""),
            "不是由当前年度文件生成")


def test_refuses_altered_return(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_return(make_return(pkg, filled(pkg), signer="李", sign_date=""),
                        tmp_path / "r.kjret")
    with zipfile.ZipFile(path) as zf:
        content = json.loads(zf.read("content.json"))
    content["values"][0][2] = "12"  # a higher score, written in by hand
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("content.json", json.dumps(content, ensure_ascii=False))
    refused(year_path, read_return(path), "完整性校验不通过")


def test_refuses_return_resigned_with_another_secret(year_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    ret = make_return(pkg, filled(pkg), signer="李", sign_date="")
    forged = dataclasses.replace(ret, mac=sign("ab" * 32, return_content(ret)))
    refused(year_path, forged, "完整性校验不通过")


@pytest.mark.parametrize("key", [
    ("line_scores", ("花柳塘社区", "人武", "三季度")),     # another line
    ("line_scores", ("花柳塘社区", "城管", "四季度")),     # another period
    ("staff_line_scores", ("陈伟国", "城管")),           # a person
])
def test_refuses_cells_outside_the_package(year_path: Path, key):
    pkg = issue(year_path, "城管办", "三季度")
    ret = make_return(pkg, filled(pkg), signer="李", sign_date="")
    values = dict(ret.values) | {key: D(1)}
    sneaky = dataclasses.replace(ret, values=values)  # sealed with the right secret
    sneaky = dataclasses.replace(sneaky, mac=sign(pkg.secret, return_content(sneaky)))
    refused(year_path, sneaky, "任务包范围以外")


def test_refuses_out_of_range_even_when_sealed(year_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    ret = make_return(pkg, filled(pkg), signer="李", sign_date="")
    key = next(iter(ret.values))
    bad = dataclasses.replace(ret, values=dict(ret.values) | {key: D(13)})
    bad = dataclasses.replace(bad, mac=sign(pkg.secret, return_content(bad)))
    refused(year_path, bad, "超出范围")


def test_refuses_older_and_repeated_returns(year_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    first = make_return(pkg, filled(pkg), signer="李", sign_date="")
    second = make_return(pkg, filled(pkg, salt=5), signer="李", sign_date="", previous=first)
    merge(year_path, second)
    refused(year_path, first, "较早的版本")
    refused(year_path, second, "已经合并过")


def test_newer_return_of_same_package_applies_on_top(year_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    first = make_return(pkg, filled(pkg), signer="李", sign_date="")
    merge(year_path, first)
    values = dict(first.values)
    key = next(iter(values))
    values[key] = D("3.5")
    second = make_return(pkg, values, signer="李", sign_date="", previous=first)
    preview, _ = merge(year_path, second)
    assert preview.counts[CHANGED] == 1 and preview.counts[CONFLICT] == 0
    assert score_of(year_path, key) == D("3.5")


def test_refuses_unknown_package(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    ret = make_return(pkg, filled(pkg), signer="李", sign_date="")
    with YearFile.open(year_path) as yf:  # the clerk's record is gone
        yf.set_meta("package:" + pkg.package_id, None, source="录入")
    refused(year_path, ret, "没有发出过")


@pytest.mark.parametrize("content", [b"", b"\x00" * 50, b"PK\x05\x06" + b"\x00" * 18])
def test_refuses_damaged_return(tmp_path: Path, content: bytes):
    path = tmp_path / "bad.kjret"
    path.write_bytes(content)
    with pytest.raises(PackageError, match="损坏"):
        read_return(path)


def test_refuses_return_with_garbled_json(tmp_path: Path):
    path = tmp_path / "bad.kjret"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("content.json", '{"format": "kaoji-return", "values": [')
    with pytest.raises(PackageError, match="损坏"):
        read_return(path)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("content.json", '{"format": "kaoji-return", "values": []}')
    with pytest.raises(PackageError, match="不完整"):
        read_return(path)


def test_eleven_departments_in_any_order_give_the_same_year(year_path: Path, tmp_path: Path):
    with YearFile.open(year_path) as yf:
        depts = departments(yf.load())
    packages = [issue(year_path, d, "三季度") for d in depts]
    staff = issue(year_path, "城管办", STAFF_PERIOD)
    returns = [make_return(p, filled(p, salt=i), signer=f"领导{i}", sign_date="2017-10-09")
               for i, p in enumerate([*packages, staff])]
    assert len(returns) == 12
    results = []
    rng = random.Random(7)
    orders = [list(range(12)), list(reversed(range(12)))]
    orders += [rng.sample(range(12), 12) for _ in range(3)]
    for n, order in enumerate(orders):
        copy = tmp_path / f"order{n}.kaoji"
        shutil.copy(year_path, copy)
        for i in order:
            merge(copy, returns[i])
        results.append(data_tables(copy))
    assert all(r == results[0] for r in results[1:])
    third = [r for r in results[0]["line_scores"] if r["period"] == "三季度"]
    assert len(third) == 77  # every community x line filled
