"""The procedure: stages, publicity gate, read-only after issue, reopening."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kaoji_desktop.core import compute_year
from kaoji_desktop.store import Change, StoreError, backups, lifecycle
from kaoji_desktop.store.lifecycle import LifecycleError
from kaoji_desktop.store.stages import STAGES


@pytest.fixture
def result(yf):
    """The year's result with one line score not entered yet (incomplete)."""
    row = yf.rows("line_scores")[0]
    yf.apply([Change("line_scores", (row["community"], row["line"], row["period"]), None)],
             source="录入")
    return compute_year(yf.load())


def _complete(result, warnings=()):
    return dataclasses.replace(result, complete=True, missing=(), warnings=tuple(warnings),
                               communities=tuple(dataclasses.replace(c, warnings=())
                                                 for c in result.communities),
                               staff=tuple(dataclasses.replace(s, warnings=())
                                           for s in result.staff))


def test_new_year_is_draft(yf):
    assert lifecycle.stage(yf) == "草稿"
    assert lifecycle.revised(yf) is None


def test_publicity_refused_while_incomplete(yf, result):
    assert not result.complete
    lifecycle.advance(yf, result)  # 草稿 → 科室签审 needs nothing
    with pytest.raises(LifecycleError, match="不完整") as info:
        lifecycle.advance(yf, result)
    assert result.missing[0] in str(info.value)
    assert lifecycle.stage(yf) == "科室签审"


def test_publicity_refused_until_warnings_acknowledged(yf, result):
    done = _complete(result, warnings=("人数不足提示",))
    lifecycle.advance(yf, done)
    with pytest.raises(LifecycleError, match="未确认"):
        lifecycle.advance(yf, done)
    lifecycle.acknowledge(yf, ["人数不足提示"])
    assert lifecycle.advance(yf, done) == "一次公示"
    # a new warning after acknowledging blocks the second publicity
    lifecycle.advance(yf, done)
    with pytest.raises(LifecycleError, match="未确认"):
        lifecycle.advance(yf, _complete(result, warnings=("人数不足提示", "新的问题")))


def test_community_warnings_count_too(yf, result):
    done = _complete(result)
    first = done.communities[0]
    warned = dataclasses.replace(done, communities=(
        dataclasses.replace(first, warnings=("并列",)), *done.communities[1:]))
    lifecycle.advance(yf, warned)
    with pytest.raises(LifecycleError):
        lifecycle.advance(yf, warned)
    lifecycle.acknowledge(yf, lifecycle.unresolved_warnings(yf, warned))
    assert lifecycle.advance(yf, warned) == "一次公示"


def _issue(yf, result):
    done = _complete(result)
    while lifecycle.stage(yf) != "已发文":
        lifecycle.advance(yf, done, note="测试")


def test_every_step_backed_up_and_logged(yf, result):
    _issue(yf, result)
    assert lifecycle.stage(yf) == "已发文"
    steps = lifecycle.history(yf)
    assert [e.new for e in reversed(steps)] == list(STAGES[1:])
    assert all(e.source == "流程" and e.operator == "测试员" for e in steps)
    assert len([b for b in backups.list_backups(yf.path) if b.kind == "流程"]) == 5
    with pytest.raises(LifecycleError, match="已发文"):
        lifecycle.advance(yf, result)


def test_issued_year_is_read_only(yf, result, demo_data):
    _issue(yf, result)
    before = yf.rows("line_scores")
    with pytest.raises(StoreError, match="已发文"):
        yf.apply([Change("line_scores", ("花柳塘社区", before[0]["line"], before[0]["period"]),
                         {"score": "1"})], source="录入")
    with pytest.raises(StoreError, match="已发文"):
        yf.replace_data(demo_data, source="导入")
    with pytest.raises(StoreError, match="已发文"):
        yf.set_meta("organisation", "x", source="录入")
    assert yf.rows("line_scores") == before


def test_reopen_needs_reason_is_logged_and_marks_revised(yf, result):
    _issue(yf, result)
    with pytest.raises(LifecycleError, match="理由"):
        lifecycle.reopen(yf, reason="  ")
    assert lifecycle.stage(yf) == "已发文"
    lifecycle.reopen(yf, reason="复核发现录入错误", today=dt.date(2018, 2, 3))
    assert lifecycle.stage(yf) == "草稿"
    assert lifecycle.revised(yf) == "2018-02-03：复核发现录入错误"
    entry = yf.audit(limit=1)[0]
    assert entry.source == "流程" and "复核发现录入错误" in entry.note
    yf.set_meta("organisation", "可以修改了", source="录入")  # writable again
    _issue(yf, result)
    assert lifecycle.revised(yf) is not None  # stays revised after re-issue


def test_step_back_before_issue(yf, result):
    lifecycle.advance(yf, result)
    with pytest.raises(LifecycleError):
        lifecycle.step_back(yf, reason="")
    assert lifecycle.step_back(yf, reason="科室更正") == "草稿"
    with pytest.raises(LifecycleError):
        lifecycle.step_back(yf, reason="x")


def test_force_majeure_change_logged_with_meeting(yf):
    row = yf.rows("lines")[0]
    with pytest.raises(LifecycleError, match="班子会议"):
        lifecycle.apply_force_majeure(yf, [Change("lines", (row["name"],), {"full_marks": "4.5"})],
                                      meeting="")
    assert yf.rows("lines")[0] == row
    lifecycle.apply_force_majeure(yf, [Change("lines", (row["name"],), {"full_marks": "4.5"})],
                                  meeting="2017年第9次班子会议审定")
    entry = yf.audit(limit=1)[0]
    assert entry.note == "不可抗力调整：2017年第9次班子会议审定" and entry.field == "full_marks"
