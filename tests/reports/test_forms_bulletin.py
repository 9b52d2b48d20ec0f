"""Paper forms, the period bulletin and the command-line entry on the demo year."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.rounding import fmt2
from kaoji_desktop.demo import demo_year
from kaoji_desktop.reports import render_pdf
from kaoji_desktop.reports.bulletin import bulletin
from kaoji_desktop.reports.render import write_pdf
from tests.reports.reports_helpers import page_size_mm, pdf_info, pdf_pages_text, pdf_text, squeeze


@pytest.fixture(scope="module")
def demo():
    data = demo_year()
    return data, compute_year(data)


def _render(tmp_path, kind, demo, **kw):
    data, result = demo
    out = tmp_path / f"{kind}.pdf"
    pages = render_pdf(kind, data, result, None, out, **kw)
    assert pages == int(pdf_info(out)["Pages"])
    return out, pages


def test_form_1_projects_per_community(tmp_path, demo):
    data, _ = demo
    out, pages = _render(tmp_path, "form-1", demo)
    assert pages == len(data.communities)
    flat = squeeze(pdf_text(out))
    for c in data.communities:
        assert f"2017年{c.name}亮点、重点、难点项目一览表" in flat
    for p in data.projects[:5]:
        assert squeeze(p.name)[:8].replace("“", '"') in flat.replace("“", '"').replace("”", '"')


def test_form_4_satisfaction(tmp_path, demo):
    data, _ = demo
    out, pages = _render(tmp_path, "form-4", demo)
    assert page_size_mm(out) == (210, 297)
    texts = pdf_pages_text(out)
    assert pages == 2 * len(data.communities)  # 50 respondents: two pages each
    assert all(re.search(r"优秀\s+良好\s+合格\s+不合格", t) for t in texts)
    assert re.search(r"(?m)^\s*50\s+(□\s+){4}", pdf_text(out))
    flat = squeeze(pdf_text(out))
    assert all(f"社区(网格):{c.name}" in flat for c in data.communities)
    # one page count through the PDF (GB/T 9704), not one per community
    assert [re.findall(r"—\s*(\d+)\s*—", t)[-1] for t in texts] == \
        [str(n) for n in range(1, pages + 1)]


def test_form_5_leadership_sheet_per_leader(tmp_path, demo):
    data, _ = demo
    out, pages = _render(tmp_path, "form-5", demo)
    assert pages == len(data.leaders)
    flat = squeeze(pdf_text(out))
    assert all(f"评价人:{name}" in flat for name in data.leaders)
    assert all(c.name in flat for c in data.communities)


def test_form_6_departments_with_their_staff(tmp_path, demo):
    data, _ = demo
    out, _ = _render(tmp_path, "form-6", demo)
    flat = squeeze(pdf_text(out))
    assert "50—48分为优秀,47—44分为良好,43—40分为合格,40分以下为不合格" in flat
    for s in data.staff_line_scores:
        assert s.person in flat
    departments = {line.department for line in data.lines}
    assert all(f"评分科室:{d}" in flat for d in departments)


def test_form_7_staff_per_community(tmp_path, demo):
    data, _ = demo
    out, pages = _render(tmp_path, "form-7", demo)
    assert pages >= len(data.communities)
    flat = squeeze(pdf_text(out))
    social = {p.person for p in data.posts if p.kind == "专职社工"}
    assert all(name in flat for name in social)
    assert "10—9分为优秀" in flat


def test_bulletin_period(tmp_path, demo):
    data, result = demo
    doc = bulletin(data, result, "二季度", issue_date=date(2017, 7, 10))
    out = tmp_path / "b.pdf"
    write_pdf(doc, out)
    assert page_size_mm(out) == (297, 210)
    text = pdf_text(out)
    flat = squeeze(text)
    assert "2017年大南街道社区(网格)二季度考绩情况通报" in flat
    assert "草稿" not in text
    talks = [t for t in result.talks if t.period == "二季度"]
    assert talks and all(t.kind in flat for t in talks)
    assert "连续末位约谈" in flat
    ranking = next(r for r in result.line_rankings if r.period == "二季度")
    for score in ranking.scores.values():
        assert fmt2(score) in text
    assert "2017年7月10日" in flat


def test_bulletin_incomplete_period_is_draft(tmp_path, demo):
    data, _ = demo
    from dataclasses import replace

    partial = replace(data, line_scores=tuple(
        s for s in data.line_scores
        if not (s.period == "三季度" and s.community == data.communities[0].name)))
    out = tmp_path / "b3.pdf"
    render_pdf("bulletin", partial, compute_year(partial), None, out, period="三季度")
    assert "草稿" in pdf_text(out)


def test_run_report_from_a_year_file(tmp_path, demo):
    from kaoji_desktop.reports.cli_support import run_report
    from kaoji_desktop.store import YearFile

    data, _ = demo
    db = tmp_path / "2017.kaoji"
    YearFile.create(db, data).close()
    out = tmp_path / "b.pdf"
    assert run_report("bulletin", db, out, "一季度") == 0
    assert "一季度考绩情况通报" in squeeze(pdf_text(out))
    assert run_report("publicity-staff", db, out, None) == 0
    assert "草稿" in pdf_text(out)  # a fresh year file is at stage 草稿
    assert run_report("nonsense", db, out, None) == 2
    assert run_report("form-4", tmp_path / "missing.kaoji", out, None) == 1
