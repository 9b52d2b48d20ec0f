"""The layout engine on hand-made documents: pages, sizes, repeated headers."""

from __future__ import annotations

import re
import subprocess
import sys

from kaoji_desktop.reports.document import (
    Cell,
    Column,
    Document,
    Paragraph,
    Section,
    Signature,
    Table,
)
from kaoji_desktop.reports.render import write_pdf
from tests.reports.reports_helpers import (
    page_size_mm,
    pdf_info,
    pdf_pages_text,
    pdf_text,
    person_name,
    squeeze,
)


def staff_doc(n: int, draft: bool = False) -> Document:
    rows = tuple((str(i), person_name(i), "专职社工", "白鹿洲社区", f"{60 + i % 40}.25", "二档")
                 for i in range(1, n + 1))
    table = Table((Column(0.7), Column(1.3), Column(1.5), Column(1.6), Column(1), Column(1)),
                  (("序号", "姓名", "类别", "社区(网格)", "得分", "档次"),), rows)
    section = Section("人员名单", ("（测试）",), (Paragraph("正文段落。"), table),
                      Signature(("大南街道考绩办", "2018年1月10日")))
    return Document("人员名单", (section,), draft=draft, draft_reason="数据不完整")


def test_long_staff_list_breaks_with_header_repeated(tmp_path):
    out = tmp_path / "long.pdf"
    pages = write_pdf(staff_doc(200), out)
    assert pages == int(pdf_info(out)["Pages"]) >= 5
    assert page_size_mm(out) == (210, 297)
    texts = pdf_pages_text(out)
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert re.search(r"序号\s+姓名\s+类别\s+社区\(网格\)\s+得分\s+档次", text), number
        assert re.search(rf"—\s*{number}\s*—", text), text[-200:]
    everything = pdf_text(out)
    for i in (1, 57, 133, 200):  # every row printed exactly once, none clipped
        assert len(re.findall(rf"(?m)^\s*{i}\s+{person_name(i)}\s", everything)) == 1
    assert "草稿" not in everything


def test_draft_mark_on_every_page(tmp_path):
    out = tmp_path / "draft.pdf"
    pages = write_pdf(staff_doc(80, draft=True), out)
    texts = pdf_pages_text(out)
    assert pages == len(texts) > 1
    assert all("草稿" in t for t in texts)
    assert "数据不完整" in texts[0]


def test_landscape_and_wrapped_cells_are_not_clipped(tmp_path):
    long = "因安全生产取消第一等次评选资格，列为第二等次；并列；另有一条很长的说明文字用于检验换行"
    table = Table((Column(1), Column(1), Column(0.6, "left")),
                  ((Cell("两列标题", colspan=2), Cell("说明", rowspan=2)), ("甲", "乙")),
                  (("1", "2", long), (Cell("合计", colspan=2), "3"),
                   ("13957712345678901234567890", "x", "y")))
    doc = Document("横向", (Section("横向表格", blocks=(table,)),), landscape=True)
    out = tmp_path / "land.pdf"
    assert write_pdf(doc, out) == 1
    assert page_size_mm(out) == (297, 210)
    text = squeeze(pdf_text(out))
    # the wrapped cell's lines interleave with its row neighbours in the
    # layout text; in drawing order (-raw) each cell is whole
    raw = squeeze(subprocess.run(["pdftotext", "-raw", str(out), "-"], check=True,
                                 capture_output=True, text=True).stdout)
    assert squeeze(long) in raw
    assert "13957712345678901234567890" in text
    assert pdf_info(out)["Title"] == "横向"


def test_builders_import_no_qt():
    code = ("import sys; import kaoji_desktop.reports.publicity, kaoji_desktop.reports.forms, "
            "kaoji_desktop.reports.bulletin, kaoji_desktop.reports.document, "
            "kaoji_desktop.reports.settings; "
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def _boxes(path):
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [(float(y0), float(y1), w) for y0, y1, w in re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', html)]


def test_header_cells_keep_parentheses_and_titles_shrink_to_fit(tmp_path):
    # the first column holds "(满分100分)" (about 5.5 em) but not the whole header
    narrow = Table((Column(1.3), Column(6)), (("条线得分(满分100分)", "说明"),),
                   (("1", "甲"),))
    title = "一二三四五六七八九十" * 4  # no word boundary anywhere: shrinks, then wraps
    doc = Document("窄列", (Section(title, blocks=(narrow,)),))
    out = tmp_path / "narrow.pdf"
    write_pdf(doc, out)
    words = [w for _, _, w in _boxes(out)]
    assert "(满分100分)" in words and "条线得分" in words  # broken before "(", not inside
    raw = squeeze(subprocess.run(["pdftotext", "-raw", str(out), "-"], check=True,
                                 capture_output=True, text=True).stdout)
    assert title in raw


def test_long_title_breaks_between_words(tmp_path):
    title = "2017年大南街道社区(网格)专职工作者及网格长综合评价表"
    doc = Document("标题", (Section(title, blocks=(Paragraph("正文。"),)),), title_pt=26)
    out = tmp_path / "title.pdf"
    write_pdf(doc, out)
    lines = [w for y0, _, w in _boxes(out) if y0 < 150]
    assert len(lines) >= 2 and "".join(lines).startswith(title[:5])
    assert all(not line.startswith(("价", "表", "者")) for line in lines), lines
