"""公示表 PDFs: names, numbers, draft mark, page size and count."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.rounding import fmt2
from kaoji_desktop.reports import REPORT_KINDS, build_document, render_pdf
from kaoji_desktop.reports.settings import PublicitySettings, load_settings, save_settings
from tests.reports.reports_helpers import (
    make_year,
    page_size_mm,
    pdf_info,
    pdf_pages_text,
    pdf_text,
    squeeze,
    without_quarter,
)


def test_community_sheet(tmp_path, year, settings):
    result = compute_year(year)
    assert result.complete
    out = tmp_path / "c.pdf"
    assert render_pdf("publicity-communities", year, result, settings, out) == 1
    assert page_size_mm(out) == (297, 210)
    text = pdf_text(out)
    flat = squeeze(text)
    assert "2017年大南街道社区(网格)考绩结果公示" in flat
    assert "(第一次公示)" in flat
    assert "草稿" not in text
    for c in result.communities:  # one line per community: rank, name, numbers, tier
        cells = [str(c.rank), c.name, fmt2(c.lines), fmt2(c.projects), fmt2(c.satisfaction),
                 fmt2(c.leadership), ("+" if c.bonus > 0 else "") + fmt2(c.bonus), fmt2(c.total),
                 c.tier_name]
        assert re.search(r"\s+".join(map(re.escape, cells)), text), c.name
    assert "因安全生产取消第一等次评选资格" in flat  # 说明 of the barred community
    assert "+2.00" in text
    # three working days from Wednesday 10 January 2018
    assert "公示时间为2018年1月10日至2018年1月12日(3个工作日)" in flat
    assert "监督电话:0577-88123456;联系人:陈老师" in flat
    assert "大南街道考绩办" in flat and "2018年1月10日" in flat
    assert re.search(r"—\s*1\s*—", text)


def test_second_publicity_and_stage_draft(tmp_path, year, settings):
    result = compute_year(year)
    second = replace(settings, variant="第二次公示", title="关于考绩结果的公示",
                     issuer="中共大南街道工作委员会", issue_date=date(2018, 1, 20))
    out = tmp_path / "c2.pdf"
    render_pdf("publicity-communities", year, result, second, out, stage="二次公示")
    flat = squeeze(pdf_text(out))
    assert "关于考绩结果的公示" in flat and "(第二次公示)" in flat
    assert "经街道党工委会议研究" in flat
    assert "中共大南街道工作委员会" in flat and "2018年1月20日" in flat
    assert "草稿" not in flat
    # the year is only at its first publicity: the second is a draft
    render_pdf("publicity-communities", year, result, second, out, stage="一次公示")
    assert "草稿" in pdf_text(out)


def test_incomplete_year_is_draft(tmp_path, settings):
    data = without_quarter(make_year(), "四季度")
    result = compute_year(data)
    assert not result.complete
    for kind in ("publicity-communities", "publicity-staff"):
        out = tmp_path / f"{kind}.pdf"
        render_pdf(kind, data, result, settings, out)
        text = pdf_text(out)
        assert "草稿" in text and "数据不完整" in text


def test_staff_sheet(tmp_path, year, settings):
    result = compute_year(year)
    out = tmp_path / "s.pdf"
    pages = render_pdf("publicity-staff", year, result, settings, out)
    assert page_size_mm(out) == (210, 297)
    assert pages == int(pdf_info(out)["Pages"])
    text = pdf_text(out)
    flat = squeeze(text)
    assert "2017年大南街道社区(网格)工作人员考绩结果公示" in flat
    assert re.search(r"序号\s+姓名\s+类别\s+社区\(网格\)\s+得分\s+档次", text)
    for s in result.staff:
        assert re.search(rf"{re.escape(s.person)}\s+{s.kind}\s+{s.community}\s+{fmt2(s.score)}"
                         rf"\s+{s.grade_name}", text), s.person
    assert "社区专职工作者" in flat


def test_long_staff_sheet_repeats_header(tmp_path, settings):
    data = make_year(staff_per_community=29)  # 203 people
    result = compute_year(data)
    out = tmp_path / "long.pdf"
    pages = render_pdf("publicity-staff", data, result, settings, out)
    assert pages >= 5
    texts = pdf_pages_text(out)
    assert len(texts) == pages
    # every page with rows repeats the header (the closing text may have a page of its own)
    with_rows = [t for t in texts if re.search(r"专职社工|网格长", t)]
    assert len(with_rows) >= pages - 1
    assert all(re.search(r"序号\s+姓名\s+类别", t) for t in with_rows)
    assert sum(len(re.findall(r"专职社工", t)) for t in texts) == 7 * 28


def test_settings_round_trip_and_store():
    s = PublicitySettings(organisation="大南街道", start=date(2018, 1, 10), phone="1",
                          contact="王", variant="第二次公示")
    assert PublicitySettings.from_json(s.to_json()) == s
    assert s.end_date() == date(2018, 1, 12)  # three working days: Wed, Thu, Fri
    assert PublicitySettings.from_json(None) == PublicitySettings()
    assert PublicitySettings.from_json('{"phone": "2", "unknown": 1}').phone == "2"

    class Meta:
        def __init__(self):
            self.values = {}

        def get_meta(self, key):
            return self.values.get(key)

        def set_meta(self, key, value, *, source, note=""):
            self.values[key] = value

    meta = Meta()
    save_settings(meta, s)
    assert "publicity" in meta.values
    assert load_settings(meta) == s


def test_every_kind_builds(year, settings):
    result = compute_year(year)
    assert len(REPORT_KINDS) == 11
    settings = replace(settings, doc_number="大南委〔2018〕5号")
    for kind in REPORT_KINDS:
        doc = build_document(kind, year, result, settings, period="一季度")
        assert doc.sections and doc.plain_text()
