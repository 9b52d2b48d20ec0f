"""GB/T 9704 page layout, read back from the PDF's text boxes (pdftotext -bbox)."""

from __future__ import annotations

import re
import subprocess
from itertools import pairwise

from kaoji_desktop.reports.document import Document, Paragraph, Section, Signature
from kaoji_desktop.reports.render import write_pdf

MM = 25.4 / 72  # PDF points to mm
BODY = ("根据《2017年大南街道社区(网格)及工作人员考绩工作实施办法》，经各考核责任科室考核、"
        "分管领导审签，街道考绩办汇总，街道党工委会议研究，现将2017年度社区(网格)及工作人员"
        "考绩结果通报如下。")


def notice(paragraphs: int = 14) -> Document:
    blocks = [Paragraph("各社区(网格)、街道各科室：", indent=0),
              Paragraph("一、社区(网格)考绩结果", role="h1"),
              Paragraph("（一）第一等次", role="h2")]
    blocks += [Paragraph(BODY) for _ in range(paragraphs)]
    blocks.append(Paragraph("附件：1．2017年大南街道社区(网格)考绩结果公示表\n"
                            "2．2017年大南街道社区(网格)工作人员考绩结果公示表", hang=5))
    section = Section("关于2017年度大南街道社区(网格)及工作人员考绩结果的通报",
                      subtitles=("大南考绩〔2018〕1号",), blocks=tuple(blocks),
                      signature=Signature(("大南街道考绩办", "2018年1月18日"), seal=True),
                      imprint=("抄送：街道党工委、办事处领导", "大南街道考绩办\t2018年1月18日印发"))
    return Document("通报", (section,), style="gbt9704")


def word_boxes(path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, the words with their boxes in mm (x0, y0 from the top-left, x1, y1)."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append([(float(a) * MM, float(b) * MM, float(c) * MM, float(d) * MM, w)
                      for a, b, c, d, w in re.findall(
                          r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                          r'yMax="([\d.]+)">([^<]*)<', page)])
    return pages


def test_text_area_is_156_by_225_mm(tmp_path):
    out = tmp_path / "n.pdf"
    pages = write_pdf(notice(), out)
    assert pages >= 3
    for number, words in enumerate(word_boxes(out), start=1):
        body = [w for w in words if w[1] < 265]  # everything but the page number
        left, right = min(w[0] for w in body), max(w[2] for w in body)
        assert left >= 28 - 1 and right <= 184 + 1, number  # nothing in the side margins
        if number < pages:  # full pages: justified lines reach both edges
            assert abs(left - 28) <= 1 if number == 1 else left <= 28 + 2 * 5.7, number
            assert abs(right - 184) <= 1, number
        assert abs(min(w[1] for w in body) - 37) <= 1, number  # top margin
        assert max(w[3] for w in body) <= 262 + 1, number  # bottom margin 35 mm


def test_page_numbers_alternate_sides_one_count(tmp_path):
    out = tmp_path / "n.pdf"
    pages = write_pdf(notice(), out)
    em = 14 * 25.4 / 72  # 四号
    for number, words in enumerate(word_boxes(out), start=1):
        foot = [w for w in words if w[1] >= 265]
        assert "".join(w[4] for w in foot) == f"—{number}—", foot
        top = min(w[1] for w in foot)
        assert abs(top - (262 + 7)) <= 1  # 7 mm below the text area
        if number % 2:  # odd: at the right, one character in
            assert abs(max(w[2] for w in foot) - (184 - em)) <= 1
        else:
            assert abs(min(w[0] for w in foot) - (28 + em)) <= 1
    assert number == pages


def test_title_sizes_and_signature(tmp_path):
    out = tmp_path / "n.pdf"
    write_pdf(notice(2), out)
    words = word_boxes(out)
    first = words[0]
    title = [w for w in first if w[1] < 60]
    # 二号 (22 pt) title on two lines, broken between words, centred
    assert [w[4] for w in title][:1] == ["关于2017年度大南街道社区(网格)"]
    assert "及工作人员考绩结果的通报" in [w[4] for w in title]
    for w in title:
        assert abs((w[0] + w[2]) / 2 - 106) <= 1.5  # centred on the 版心 (28 + 156/2)
    last = words[-1]
    date = next(w for w in last if w[4] == "2018年1月18日")
    sign = next(w for w in last if w[4] == "大南街道考绩办" and w[1] < date[1])
    em = 16 * 25.4 / 72  # 三号
    assert abs(date[2] - (184 - 4 * em)) <= 1  # 成文日期 right-indented four characters
    assert abs((sign[0] + sign[2]) / 2 - (date[0] + date[2]) / 2) <= 1  # 署名 centred on it
    imprint = next(w for w in last if w[4] == "2018年1月18日印发")
    assert imprint[3] <= 263 and imprint[1] > date[3] + 10  # 版记 at the foot


def test_body_face_size_is_sanhao(tmp_path):
    out = tmp_path / "n.pdf"
    write_pdf(notice(1), out)
    words = word_boxes(out)[0]
    line = next(w for w in words if w[4].startswith("根据"))
    # the box of a 16 pt CJK line is about 16 pt high (ascent + descent of the face)
    assert 16 * MM * 0.95 <= line[3] - line[1] <= 16 * MM * 1.6


def test_22_lines_a_page(tmp_path):
    out = tmp_path / "n.pdf"
    write_pdf(notice(), out)
    page = word_boxes(out)[1]  # a full page of body text
    tops = sorted({round(w[1], 2) for w in page if w[1] < 265})
    pitches = [b - a for a, b in pairwise(tops)]
    assert all(abs(p - 225 / 22) <= 0.2 for p in pitches), pitches
    assert len(tops) == 22


def test_fonts_by_role_on_this_machine():
    from PySide6.QtGui import QFontDatabase, QFontInfo

    from kaoji_desktop.reports import fonts

    have = set(QFontDatabase.families())
    family = {role: QFontInfo(fonts.gbt_font(role, 16)).family()
              for role in ("title", "body", "h1", "h2")}
    chains = {"title": fonts.GB_TITLE, "body": fonts.GB_BODY, "h1": fonts.GB_H1,
              "h2": fonts.GB_H2}
    for role, chain in chains.items():  # the first face of the chain this PC has
        assert family[role] == next(f for f in chain if f in have), role
    assert fonts.gbt_font("title", 22).bold() != any(f in have for f in fonts.GB_TITLE[:3])
    if "AR PL UKai CN" in have and not any(f in have for f in fonts.GB_H2[:6]):
        assert family["h2"] == "AR PL UKai CN"  # a real 楷体 on Linux
    assert fonts.page_number_font().pointSizeF() == 14  # 四号
