"""科室评分签审表: the department's scores as in its return, signature lines and a
check code that is the same for the same return and differs for a changed value."""

from __future__ import annotations

import re
from dataclasses import replace
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
from kaoji_desktop.reports.render import write_pdf
from kaoji_desktop.reports.signoff import check_code, from_package, from_return, signoff_sheet
from tests.reports.reports_helpers import pdf_text, squeeze


@pytest.fixture(scope="module")
def data():
    return demo_year()


def _return(data, dept="城管办", period="三季度", change=None):
    pkg = build_package(data, "file-1", dept, period)
    values = {k: pkg.maximum(k) * D("0.9") for k in pkg.values}
    if change:
        values.update(change(values))
    return pkg, make_return(pkg, values, signer="李明", sign_date="2017-10-09")


def test_same_return_same_code_on_screen_paper_and_file(tmp_path, data):
    pkg, ret = _return(data)
    window = from_package(pkg, ret.values, ret.signer, ret.sign_date)  # department window
    path = write_return(ret, tmp_path / "r.kjret")
    clerk = from_return(read_return(path), data)  # the clerk's merge preview
    code = check_code(window)
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}", code)
    assert check_code(clerk) == code
    # saving again (new id, time, sequence, signer) does not change the scores' code
    again = make_return(pkg, ret.values, signer="王强", sign_date="2017-10-10", previous=ret)
    assert check_code(from_return(again, data)) == code
    # 9.5 and 9.50 are the same score
    same = {k: (v.quantize(D("0.01")) if v is not None else v) for k, v in ret.values.items()}
    assert check_code(replace(clerk, values=same)) == code


def test_changed_value_changes_the_code(data):
    _pkg, ret = _return(data)
    code = check_code(from_return(ret, data))
    first = next(iter(ret.values))
    for new in (ret.values[first] - D("0.01"), None):
        _, other = _return(data, change=lambda v, new=new: {first: new})
        assert check_code(from_return(other, data)) != code
    _, other_period = _return(data, period="二季度")
    assert check_code(from_return(other_period, data)) != code


def test_sheet_prints_the_scores_as_returned(tmp_path, data):
    _pkg, ret = _return(data, change=lambda v: {next(iter(v)): None})
    inp = from_return(ret, data)
    doc = signoff_sheet(inp)
    assert doc.extra["check_code"] == check_code(inp)
    out = tmp_path / "s.pdf"
    assert write_pdf(doc, out) == 1
    flat = squeeze(pdf_text(out))
    assert "2017年大南街道考绩三季度条线评分签审表" in flat
    assert "评分科室:城管办" in flat and "共7格,已填6格" in flat
    assert f"校验码:{check_code(inp)}" in flat  # the text layer as drawn
    assert "分管领导李明(签字)" in flat and "签审日期:2017年10月9日" in flat
    assert "科室负责人(签字)" in flat
    assert "城管" in flat and "(满分12分)" in flat
    table = doc.sections[0].blocks[1]
    by_name = {row[1]: row[2] for row in table.rows}
    for (_t, (community, _line, _p)), value in ret.values.items():
        assert by_name[community] == ("—" if value is None else f"{value.normalize():f}")


def test_staff_sheet_names_people_with_their_community(data):
    pkg = build_package(data, "file-1", "社会事务办", STAFF_PERIOD)
    values = {k: D("45.5") for k in pkg.values}
    ret = make_return(pkg, values, signer="赵红", sign_date="2018-01-05")
    inp = from_return(ret, data)
    doc = signoff_sheet(inp)
    table = doc.sections[0].blocks[1]
    assert table.header[0][:3] == ("序号", "姓名", "社区(网格)")
    assert all(h.endswith("（满分50分）") for h in table.header[0][3:])
    people = {s.person: s.community for s in pkg.staff}
    assert {row[1]: row[2] for row in table.rows} == people
    assert check_code(inp) == check_code(from_package(pkg, ret.values))





def test_cli_prints_a_return_and_its_code(tmp_path, data, capsys):
    from kaoji_desktop.reports.cli_support import run_report
    from kaoji_desktop.store import YearFile

    db = tmp_path / "2017.kaoji"
    YearFile.create(db, data).close()
    _, ret = _return(data)
    path = write_return(ret, tmp_path / "城管办.kjret")
    out = tmp_path / "s.pdf"
    assert run_report("signoff", db, out, return_path=path) == 0
    code = check_code(from_return(ret, data))
    assert code in capsys.readouterr().out
    assert "城管办" in squeeze(pdf_text(out))
    assert run_report("signoff", db, out) == 2  # no return given
    assert "--return" in capsys.readouterr().err
    bad = tmp_path / "坏.kjret"
    bad.write_bytes(b"damaged")
    assert run_report("signoff", db, out, return_path=bad) == 2
