"""The self-test's cross-check finds wrong results (it is not a rubber stamp)."""

import dataclasses
from decimal import Decimal

import pytest

from kaoji_desktop import selftest


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    context = selftest._Context(tmp_path_factory.mktemp("selftest"))
    selftest.check_demo_file(context)
    selftest.check_compute(context)
    return context


def test_competition_ranks():
    totals = {"a": Decimal(90), "b": Decimal(95), "c": Decimal(90), "d": Decimal(80)}
    assert selftest.competition_ranks(totals) == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_results_check_passes_on_real_results(ctx):
    assert "复核一致" in selftest.check_results(ctx)


def _tampered(ctx, **changes):
    first = ctx.result.communities[0]
    communities = (dataclasses.replace(first, **changes), *ctx.result.communities[1:])
    return dataclasses.replace(ctx, result=dataclasses.replace(ctx.result,
                                                               communities=communities))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"total": Decimal(1)}, "分项之和"),
        ({"rank": 7}, "名次"),
        ({"tier_by_rank": 3}, "按名次等次"),
        ({"tier": 4}, "等次 4"),
    ],
)
def test_results_check_fails_on_wrong_results(ctx, changes, message):
    bad = _tampered(ctx, **changes)
    with pytest.raises(selftest.SelfTestError, match=message):
        selftest.check_results(bad)


def test_missing_earlier_step_is_a_failure(tmp_path):
    with pytest.raises(selftest.SelfTestError, match="前一步失败"):
        selftest.check_results(selftest._Context(tmp_path))


# The offscreen platform warns when a window is shown; nothing to do with us.
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_run_passes_from_source_and_keeps_its_files(tmp_path):
    log, keep = tmp_path / "log.txt", tmp_path / "kept"
    assert selftest.run(["--self-test", "--log", str(log), "--keep", str(keep)]) == 0
    text = log.read_text(encoding="utf-8")
    assert text.count("[通过 ok]") == len(selftest.CHECKS)
    assert "[失败 FAIL]" not in text
    assert (keep / "自检公示表.pdf").read_bytes()[:5] == b"%PDF-"
    assert (keep / "自检年度数据.xlsx").read_bytes()[:2] == b"PK"
    assert (keep / "自检演示.kaoji").is_file()


def test_pdf_text_check_reads_the_file(ctx, monkeypatch):
    ctx.app = ctx.app or object()  # the check only needs an application to exist
    from kaoji_desktop.reports.render import ensure_gui_app

    ensure_gui_app()
    assert "与绘制一致" in selftest.check_pdf_text(ctx)
    # a file whose text layer is Qt's own (radicals, names dropped) fails
    from kaoji_desktop.reports import render

    monkeypatch.setattr(render, "finish_pdf", lambda path, recorder: None)
    with pytest.raises(selftest.SelfTestError, match=r"部首|缺少"):
        selftest.check_pdf_text(ctx)
