"""Chinese line-breaking rules (pure functions, widths from a fake measure)."""

from __future__ import annotations

from kaoji_desktop.reports.linebreak import (
    CLOSING,
    OPENING,
    segments,
    title_lines,
    word_breaks,
    wrap,
)


def measure(text: str) -> float:
    """A CJK character is 1 wide, an ASCII one 0.5."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def lines_of(text: str, width: float, **kw) -> list[str]:
    lines = wrap(text, width, measure, em=1.0, **kw)
    assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")
    return lines


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation():
    text = ("如对公示结果有异议，请于公示期内（含节假日）以书面形式向街道考绩办反映；"
            "反映情况应当实事求是，署真实姓名。“公示”期满无异议的，按程序发文。")
    for width in range(4, 20):
        lines = lines_of(text, width)
        assert all(line[0] not in CLOSING for line in lines[1:]), (width, lines)
        assert all(line[-1] not in OPENING for line in lines), (width, lines)


def test_numbers_dates_and_units_stay_together():
    text = "公示时间为2018年1月10日至2018年1月18日，得分95%，加3分，第2名，电话0577-88123456。"
    for width in range(7, 30):  # 2018年1月10日 is 6.5 wide
        joined = "|".join(lines_of(text, width))
        for whole in ("2018年1月10日", "2018年1月18日", "95%", "3分", "第2名", "0577-88123456"):
            assert whole in joined, (width, joined)  # never cut by a "|"


def test_lone_tail_takes_company():
    # greedy filling would leave “格。” alone on the last line
    text = "考核等次分为优秀、良好、合格、不合格。"
    lines = lines_of(text, 17)
    assert len(lines[-1]) > 2, lines


def test_squeezed_marks_let_a_line_end_with_its_full_stop():
    # 10 wide with one comma inside: the full stop fits by squeezing the comma
    assert lines_of("一二三四，六七八九。", 9.6) == ["一二三四，六七八九。"]
    assert len(lines_of("一二三四五六七八九。", 9.6)) == 2  # nothing to squeeze


def test_header_cells_keep_parentheses_whole():
    for width in range(3, 9):
        lines = lines_of("条线得分(满分100分)", width, keep_parens=True)
        assert any("(满分100分)" in line for line in lines) or width < 5.5, (width, lines)
    assert "(满分3分)" in segments("个性项目(满分3分)", keep_parens=True)


def test_forced_breaks_and_indents():
    assert lines_of("甲乙\n丙丁", 10) == ["甲乙", "丙丁"]
    lines = lines_of("附件：1．一二三四五六七八九十一二三四五", 10, first_indent=2, hang=5)
    # 8.5 wide with a squeezable colon: the first line's room is 8
    assert lines[0] == "附件：1．一二三四" and all(measure(line) <= 5 for line in lines[1:])


def test_titles_break_between_words():
    title = "2017年大南街道社区工作人员综合评价表"
    lines = title_lines(title, 12, measure)
    assert lines is not None and len(lines) == 2
    assert not lines[0].endswith("评") and not lines[1].startswith("价")
    assert all(measure(line) <= 12 for line in lines)
    assert measure(lines[0]) >= measure(lines[1])  # a trapezoid, not an inverted one
    assert title_lines("短标题", 12, measure) == ["短标题"]
    assert title_lines("一二三四五六七八九十一二三四五六", 5, measure) is None  # no word boundary
    breaks = word_breaks("2017年大南街道社区工作评价表")
    assert 13 in breaks and 14 not in breaks and 15 not in breaks  # 评价表 whole


def test_too_wide_parentheses_still_follow_the_punctuation_rules():
    for width in range(3, 8):
        lines = lines_of("经济二(消防、安监、食安、劳保)", width, keep_parens=True)
        assert all(line[0] not in CLOSING for line in lines[1:]), (width, lines)
        assert all(line[-1] not in OPENING for line in lines), (width, lines)
