"""The documents that leave the office: the 公示 period and notice text, the
refusal with blank contacts, no internal notes on public kinds, the 内部核对表,
complete forms (附件1, 附件3) and the 发文 notice."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import BonusItem, Project
from kaoji_desktop.core.rounding import fmt2
from kaoji_desktop.reports import REPORT_KINDS, SettingsMissing, build_document, render_pdf
from kaoji_desktop.reports.settings import DEFAULT_OBJECTION, PublicitySettings
from kaoji_desktop.reports.workdays import CALENDAR_DAYS, known_years, publicity_period
from tests.reports.reports_helpers import pdf_pages_text, pdf_text, squeeze

PUBLIC_KINDS = ("publicity-communities", "publicity-staff", "notice", "bulletin")
PENDING = "承办区级现场会"


# --- the period -------------------------------------------------------------

def test_period_over_national_day_counts_working_days():
    # 2017: 10月1日–8日 holidays; Saturday 30 September a 调休 working day
    assert publicity_period(date(2017, 9, 28), 3).end == date(2017, 9, 30)
    assert publicity_period(date(2017, 9, 29), 3).end == date(2017, 10, 9)
    assert publicity_period(date(2017, 9, 29), 3, CALENDAR_DAYS).end == date(2017, 10, 1)
    # a start on a holiday: the first working day after it is day one
    assert publicity_period(date(2017, 10, 3), 3).end == date(2017, 10, 11)
    # an ordinary week: Friday, then Monday and Tuesday
    assert publicity_period(date(2018, 1, 12), 3).end == date(2018, 1, 16)
    assert publicity_period(date(2017, 9, 29), 3).note == ""


def test_unknown_year_falls_back_to_weekends_with_a_note():
    year = known_years()[1] + 1
    start = date(year, 1, 4)
    while start.weekday() != 0:  # a Monday
        start = start.replace(day=start.day + 1)
    period = publicity_period(start, 3)
    assert period.end == start.replace(day=start.day + 2)
    assert period.guessed_years == (year,)
    assert f"{year}年的法定节假日和调休未知" in period.note
    assert "周六、周日" in period.note
    settings = PublicitySettings(start=start)
    assert settings.period_note() == period.note
    # an end date set by hand is the clerk's own: no note
    assert replace(settings, end=start).period_note() == ""


def test_settings_keep_new_fields_and_upgrade_the_old_default_text():
    s = PublicitySettings(start=date(2018, 1, 10), days=5, day_kind=CALENDAR_DAYS,
                          address="大南路1号", doc_number="大南委〔2018〕5号",
                          recipients="各社区", notice_date=date(2018, 1, 25),
                          bulletin_numbers={"一季度": "大南考〔2017〕1号"},
                          bulletin_dates={"一季度": date(2017, 4, 10)})
    assert PublicitySettings.from_json(s.to_json()) == s
    assert s.end_date() == date(2018, 1, 14)
    old = ('{"objection": "公示期间，如对公示结果有异议，请以书面或电话形式向{issuer}反映。'
           '监督电话：{phone}，联系人：{contact}。"}')
    assert PublicitySettings.from_json(old).objection == DEFAULT_OBJECTION
    with pytest.raises(ValueError, match="公示天数"):
        PublicitySettings(days=0)
    with pytest.raises(ValueError, match="工作日或自然日"):
        PublicitySettings(day_kind="周")


# --- the notice text and the refusal -----------------------------------------

def test_notice_text_is_complete(tmp_path, year, settings):
    result = compute_year(year)
    out = tmp_path / "c.pdf"
    render_pdf("publicity-communities", year, result, settings, out, stage="一次公示")
    flat = squeeze(pdf_text(out))
    assert "为体现考绩工作公开、公平、公正" in flat  # purpose
    assert "公示时间为2018年1月10日至2018年1月12日(3个工作日)" in flat  # period
    assert "可来访、来电或以书面形式" in flat  # how to object
    assert "来访及书面意见送达地址:大南街道办事处三楼考绩办" in flat  # where
    assert "监督电话:0577-88123456" in flat and "联系人:陈老师" in flat
    assert "请署真实姓名" in flat and "实事求是" in flat  # signed and truthful
    assert "大南街道考绩办" in flat and "2018年1月10日" in flat  # issuer and date


@pytest.mark.parametrize(("blank", "named"), [
    ("phone", "监督电话"), ("contact", "联系人"), ("address", "书面意见地址")])
def test_final_sheet_refused_while_a_contact_field_is_blank(tmp_path, year, settings,
                                                            blank, named):
    result = compute_year(year)
    empty = replace(settings, **{blank: "  "})
    for kind in ("publicity-communities", "publicity-staff"):
        with pytest.raises(SettingsMissing, match=named) as err:
            build_document(kind, year, result, empty, stage="一次公示")
        assert "公示设置" in str(err.value)
        # a draft (stage not reached) still prints, with blanks to fill by hand
        doc = build_document(kind, year, result, empty, stage="草稿")
        assert doc.draft


def test_cli_refuses_a_final_sheet_naming_the_field(tmp_path, year, capsys):
    from kaoji_desktop.reports.cli_support import run_report
    from kaoji_desktop.reports.settings import save_settings
    from kaoji_desktop.store import YearFile
    from kaoji_desktop.store.stages import STAGE_KEY

    db = tmp_path / "2017.kaoji"
    with YearFile.create(db, year) as yf:
        save_settings(yf, PublicitySettings(start=date(2018, 1, 10), contact="陈老师",
                                            address="大南路1号"))
        yf.set_meta(STAGE_KEY, "一次公示", source="流程")
    out = tmp_path / "c.pdf"
    assert run_report("publicity-communities", db, out) == 2
    err = capsys.readouterr().err
    assert "监督电话未填写" in err and "联系人" not in err and "书面意见地址" not in err
    assert not out.exists()


# --- public sheets carry only what the public needs --------------------------

def _with_internal_notes(year):
    """A pending bonus item and an allocation warning (projects not adding to 24)."""
    pending = BonusItem(year.communities[4].name, PENDING, D("0.5"), "申报", "待考绩办审核")
    extra = Project(year.communities[5].name, "亮点", "多报项目", D(3), "城管办", D(1))
    return replace(year, bonus_items=(*year.bonus_items, pending),
                   projects=(*year.projects, extra))


def test_no_internal_notes_on_public_kinds(tmp_path, year, settings):
    data = _with_internal_notes(year)
    result = compute_year(data)
    notes = [w for c in result.communities for w in c.warnings]
    assert any(PENDING in w for w in notes) and any("分值合计" in w for w in notes)
    s = replace(settings, doc_number="大南委〔2018〕5号")
    for kind in PUBLIC_KINDS:
        text = build_document(kind, data, result, s, period="四季度", stage="已发文").plain_text()
        for note in notes:
            assert note not in text, (kind, note)
        assert "待审核" not in text and "分值合计" not in text, kind
    out = tmp_path / "c.pdf"
    render_pdf("publicity-communities", data, result, s, out, stage="一次公示")
    flat = squeeze(pdf_text(out))
    assert PENDING not in flat and "待审核" not in flat
    assert "因安全生产取消第一等次评选资格" in flat  # a rule move is the public's business


def test_internal_check_lists_what_the_sheets_leave_out(tmp_path, year, settings):
    data = _with_internal_notes(year)
    result = compute_year(data)
    late = replace(settings, start=date(known_years()[1] + 1, 1, 4), phone="")
    out = tmp_path / "check.pdf"
    render_pdf("internal-check", data, result, late, out)
    flat = squeeze(pdf_text(out))
    assert "内部核对用,不得张贴公示" in flat
    assert f"加减分{PENDING}待审核,未计入" in flat
    assert "分值合计" in flat
    assert "公示设置未填写:监督电话" in flat
    assert "法定节假日和调休未知" in flat
    assert "草稿" not in flat


# --- complete forms ----------------------------------------------------------

def test_form_1_has_every_column_of_appendix_1(tmp_path, year):
    doc = build_document("form-1", year, compute_year(year))
    table = doc.sections[0].blocks[0]
    assert table.header == (("类别", "项目名称", "项目内容", "时间安排", "分值", "指导科室",
                              "得分"),)
    first = table.rows[0]
    p = year.projects[0]
    assert first == ("亮点项目", p.name, "", "", "8", p.department, "")  # blank: by hand
    out = tmp_path / "f1.pdf"
    pages = render_pdf("form-1", year, compute_year(year), None, out)
    assert pages == len(year.communities)
    texts = pdf_pages_text(out)
    assert all(re.search(r"类别\s+项目名称\s+项目内容\s+时间安排\s+分值\s+指导科室\s+得分", t)
               for t in texts)


def test_form_3_per_community_prefilled_from_applications(tmp_path, year):
    data = _with_internal_notes(year)
    data = replace(data, bonus_items=(
        *data.bonus_items,
        BonusItem(data.communities[2].name, "省级媒体报道", D("0.5"), "驳回", "重复申报"),
        BonusItem(data.communities[2].name, "越级信访", D(-1), "通过", "")))
    out = tmp_path / "f3.pdf"
    pages = render_pdf("form-3", data, compute_year(data), None, out)
    assert pages == len(data.communities)
    texts = [squeeze(t) for t in pdf_pages_text(out)]
    for c, text in zip(data.communities, texts, strict=True):
        assert f"申报单位:{c.name}" in text
        assert "社区(网格)负责人(签字)" in text and "社区盖章" in text
    doc = build_document("form-3", data, compute_year(data))
    third = doc.sections[2].blocks[0].rows
    assert third[0] == ("1", "市级表彰", "2", "", "", "通过：获市级先进")
    assert third[1] == ("2", "省级媒体报道", "0.5", "", "", "驳回：重复申报")
    assert all("越级信访" not in row for row in third)  # a deduction is not applied for
    assert len(third) == 6  # blank rows to add more by hand
    fifth = doc.sections[4].blocks[0].rows
    assert fifth[0] == ("1", PENDING, "0.5", "", "", "")  # pending: not yet reviewed
    assert "市级表彰" in texts[2] and PENDING in texts[4]


# --- the 发文 notice -----------------------------------------------------------

def test_result_notice(tmp_path, year, settings):
    result = compute_year(year)
    s = replace(settings, doc_number="大南委〔2018〕5号", notice_date=date(2018, 1, 25),
                recipients="各科室、各社区(网格)", print_office="大南街道党政办")
    doc = build_document("notice", year, result, s, stage="已发文")
    assert not doc.draft and doc.style == "gbt9704"
    text = doc.plain_text()
    assert text.index("大南委〔2018〕5号") < text.index(
        "关于2017年度大南街道社区(网格)及工作人员考绩结果的通报")
    assert "各科室、各社区(网格)：" in text
    first = [c.name for c in result.communities if c.tier == 1]
    assert f"{'、'.join(first)}为第一等次" in text
    assert "附件：1．2017年度大南街道社区(网格)考绩结果\n2．" in text
    assert "中共大南街道工作委员会" in text and "2018年1月25日" in text
    assert doc.sections[-1].imprint == ("大南街道党政办\t2018年1月25日印发",)
    for c in result.communities:  # 附件1 carries every community's total and tier
        assert re.search(rf"{c.rank} {c.name} .* {fmt2(c.total)} {c.tier_name}", text)
    for st in result.staff:
        assert st.person in text
    out = tmp_path / "notice.pdf"
    render_pdf("notice", year, result, s, out, stage="已发文")
    flat = squeeze(pdf_text(out))
    assert "大南委〔2018〕5号" in flat
    assert re.search(r"大南街道党政办2018年1月25日印发—\d+—$", flat)  # the 版记 closes it
    assert "考绩结果的通报" in flat and "附件1" in flat and "附件2" in flat
    assert "草稿" not in flat


def test_notice_is_a_draft_before_issue(year, settings):
    result = compute_year(year)
    doc = build_document("notice", year, result, settings, stage="二次公示")
    assert doc.draft and "已发文" in doc.draft_reason
    # without a 文号 (the year is read-only once issued) it prints, number left out
    doc = build_document("notice", year, result, settings, stage="已发文")
    assert not doc.draft
    assert doc.sections[0].title.startswith("关于2017年度")
    assert "〔" not in doc.plain_text()


def test_bulletin_number_recipients_date_and_imprint(year, settings):
    s = replace(settings, bulletin_numbers={"二季度": "大南考〔2017〕2号"},
                bulletin_dates={"二季度": date(2017, 7, 12)})
    text = build_document("bulletin", year, compute_year(year), s, period="二季度").plain_text()
    lines = [line for line in text.splitlines() if line]
    assert lines[0] == "大南考〔2017〕2号"
    assert lines[1] == "2017年大南街道社区(网格)二季度考绩情况通报"
    assert "各科室、各社区(网格)：" in lines
    assert lines[-2:] == ["大南街道考绩办", "2017年7月12日"]
    doc = build_document("bulletin", year, compute_year(year), s, period="二季度")
    assert doc.sections[-1].imprint == ("大南街道考绩办\t2017年7月12日印发",)
    # another period has no number of its own yet
    other = build_document("bulletin", year, compute_year(year), s, period="三季度").plain_text()
    assert "大南考〔2017〕2号" not in other


def test_every_public_kind_is_registered():
    assert {"notice", "internal-check", "form-3"} <= set(REPORT_KINDS)


def test_cli_notes_a_guessed_end_date_and_survives_damaged_settings(tmp_path, year, capsys):
    from kaoji_desktop.reports.cli_support import run_report
    from kaoji_desktop.reports.settings import META_KEY, save_settings
    from kaoji_desktop.store import YearFile

    db = tmp_path / "2017.kaoji"
    late = known_years()[1] + 1
    with YearFile.create(db, year) as yf:
        save_settings(yf, PublicitySettings(start=date(late, 3, 1)))
    out = tmp_path / "c.pdf"
    assert run_report("publicity-communities", db, out) == 0  # a 草稿: stage not reached
    assert f"提示：节假日数据只到{late - 1}年" in capsys.readouterr().err
    with YearFile.open(db) as yf:
        yf.set_meta(META_KEY, '{"days": "三", "bulletin_dates": {"一季度": "x"}}', source="测试")
    assert run_report("internal-check", db, out) == 0
    assert "公示设置已损坏" in capsys.readouterr().err
