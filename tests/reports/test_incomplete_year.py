"""Prints of a year whose inputs are missing (drafts anyway): 未完成 instead
of tiers and 档次, and no 并列 on communities that are still at 0."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kaoji_desktop.core import compute_year
from kaoji_desktop.demo import demo_year
from kaoji_desktop.reports import build_document

ENTERED = ("line_scores", "projects", "satisfaction", "satisfaction_ratings", "leader_scores",
           "bonus_items", "vetoes", "dual_reviews", "forced_ranks", "staff_line_scores",
           "head_scores")


@pytest.fixture
def empty_year():
    return replace(demo_year(), **dict.fromkeys(ENTERED, ()))


def test_notice_of_an_empty_year_names_no_tier(empty_year, settings):
    result = compute_year(empty_year)
    doc = build_document("notice", empty_year, result, settings, stage="二次公示")
    assert doc.draft
    text = doc.plain_text()
    assert "第一等次" not in text and "一档" not in text
    names = "、".join(c.name for c in result.communities)
    assert f"{names}未完成" in text
    assert f"未完成{sum(s.category == 'A' for s in result.staff)}人" in text
    assert "并列" not in text


@pytest.mark.parametrize("kind", ["publicity-communities", "publicity-staff", "internal-check"])
def test_sheets_of_an_empty_year_name_no_tier(empty_year, settings, kind):
    result = compute_year(empty_year)
    text = build_document(kind, empty_year, result, settings).plain_text()
    assert "第一等次" not in text and "一档 " not in text
    assert "并列跨越等次名额" not in text
    if kind != "internal-check":  # it lists the core's year warnings (a 档 over its quota)
        assert "并列" not in text
    assert "未完成" in text


def test_one_unfinished_community_keeps_the_others(settings):
    year = demo_year()
    gone = year.communities[0].name
    year = replace(year, satisfaction=tuple(s for s in year.satisfaction
                                            if s.community != gone))
    result = compute_year(year)
    text = build_document("notice", year, result, settings).plain_text()
    assert f"{gone}未完成" in text
    done = [c for c in result.communities if not c.incomplete and c.tier == 1]
    assert done and f"{'、'.join(c.name for c in done)}为第一等次" in text
