"""The PDF text layer: every report kind extracts as exactly the strings it drew.

Qt alone writes radicals for ideographs (⼤ for 大) and drops characters outside
the BMP; reports/pdftext.py rewrites the ToUnicode maps from what was drawn.
These tests read the PDFs with two independent extractors (poppler's
pdftotext and pypdf) and compare with the strings the Document model holds.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import unicodedata

import pypdf
import pytest

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import YearData
from kaoji_desktop.demo import demo_year
from kaoji_desktop.reports import REPORT_KINDS, build_document
from kaoji_desktop.reports.document import (
    Document,
    Paragraph,
    Section,
    Signature,
    Table,
)
from kaoji_desktop.reports.pdftext import read_tounicode, tounicode_cmap
from kaoji_desktop.reports.render import write_pdf
from kaoji_desktop.reports.settings import PublicitySettings

RARE_NAMES = ("王𬭎", "李𬇙", "𠮷田")  # outside the BMP: U+2CB4E, U+2C1D9, U+20BB7
RADICALS = re.compile("[\u2e80-\u2fdf]")


def _rename(value, names: dict[str, str]):
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, tuple):
        return tuple(_rename(v, names) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _rename(getattr(value, f.name), names)
                   for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


@pytest.fixture(scope="module")
def rare_year() -> YearData:
    """The demo year with three people renamed to names outside the BMP."""
    data = demo_year()
    # a 网格长 and two 专职社工 of other communities: every people kind shows one
    head = data.posts[0]
    workers = {}
    for p in data.posts:
        if p.kind == "专职社工" and p.community != head.community:
            workers.setdefault(p.community, p.person)
    chosen = [head.person, *list(workers.values())[:2]]
    assert len(set(chosen)) == 3
    renamed = _rename(data, dict(zip(chosen, RARE_NAMES, strict=False)))
    assert renamed != data
    return renamed


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def model_strings(doc: Document) -> list[str]:
    """The document's strings in reading order (a table row: its cells)."""
    return [line for line in doc.plain_text().splitlines() if squeeze(line)]


def pdftotext_raw(path) -> str:
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pypdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


@pytest.mark.parametrize("kind", list(REPORT_KINDS))
def test_every_kind_extracts_as_drawn(tmp_path, rare_year, kind):
    result = compute_year(rare_year)
    # a final document needs its contacts and 文号 (reports.settings.SettingsMissing)
    settings = PublicitySettings(phone="0577-88123456", contact="陈老师", address="大南路1号",
                                 doc_number="大南委〔2018〕5号")
    period = "一季度" if REPORT_KINDS[kind].needs_period else None
    doc = build_document(kind, rare_year, result, settings, period, None)
    out = tmp_path / f"{kind}.pdf"
    write_pdf(doc, out)
    strings = model_strings(doc)
    drawn = squeeze("".join(strings))
    for extracted in (pdftotext_raw(out), pypdf_text(out)):
        # page numbers (“— N —”) sit inside a paragraph that runs over a page break
        flat = re.sub(r"—\d+—", "", squeeze(extracted))
        missing = [s for s in strings if squeeze(s) not in flat]
        assert not missing, (kind, missing[:5])
        stray = set(RADICALS.findall(flat)) - set(RADICALS.findall(drawn))
        assert not stray, (kind, sorted(stray))
        assert "\ufffd" not in flat and "ﬁ" not in flat
    people_kinds = {"publicity-staff", "form-6", "form-7"}
    if kind in people_kinds:
        text = pdftotext_raw(out)
        shown = [n for n in RARE_NAMES if n in drawn]
        assert shown, kind  # the kind lists people: some renamed one is on it
        for name in shown:
            assert name in text and name in pypdf_text(out), (kind, name)


def test_radical_drawn_on_purpose_and_ligatures(tmp_path):
    """A radical the document really prints stays; Latin ligatures read as letters."""
    doc = Document("部首", (Section("部首与合字", blocks=(
        Paragraph("部首⼤与汉字大并存，大大大。office fine 王𬭎"),)),))
    out = tmp_path / "r.pdf"
    write_pdf(doc, out)
    flat = squeeze(pdftotext_raw(out))
    assert "office" in flat and "fine" in flat and "王𬭎" in flat
    assert "汉字大并存" in flat and "大大大" in flat  # the ideograph wins the shared glyph


def test_bold_text_is_not_doubled(tmp_path):
    table = Table((dataclasses.replace(_col()),), (("表头",),), (("内容",),))
    doc = Document("粗体", (Section("粗体标题", blocks=(Paragraph("加粗正文", bold=True), table),
                                   signature=Signature(("大南街道考绩办", "2018年1月18日"))),))
    out = tmp_path / "b.pdf"
    write_pdf(doc, out)
    for text in (pdftotext_raw(out), pypdf_text(out)):
        flat = squeeze(text)
        assert flat.count("加粗正文") == 1 and flat.count("表头") == 1, flat


def test_faked_bold_is_read_once(tmp_path):
    """A face without a bold weight (宋体 on Windows; AR PL UKai here) is
    emboldened without Qt's double drawing, which pypdf would read twice."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontDatabase, QPainter, QPdfWriter

    from kaoji_desktop.reports import fonts
    from kaoji_desktop.reports.pdftext import TextRecorder
    from kaoji_desktop.reports.render import draw_text, finish_pdf

    if "AR PL UKai CN" not in QFontDatabase.families():
        pytest.skip("fonts-arphic-ukai is not installed (.ci/run installs it)")
    out = tmp_path / "fake.pdf"
    writer = QPdfWriter(str(out))
    painter = QPainter(writer)
    recorder = TextRecorder()
    draw_text(painter, recorder, QRectF(100, 100, 4000, 300), 1,
              fonts.make_font(("AR PL UKai CN",), 16, bold=True), "楷体粗体大南街道")
    painter.end()
    del writer
    finish_pdf(out, recorder)
    for text in (pdftotext_raw(out), pypdf_text(out)):
        assert squeeze(text) == "楷体粗体大南街道"


def _col():
    from kaoji_desktop.reports.document import Column

    return Column()


def test_cmap_round_trip():
    entries = {1: "大", 2: "𬭎", 3: "fi", 0x1FF: "（"}
    assert read_tounicode(tounicode_cmap(entries)) == entries
    qt_style = (b"2 beginbfrange\n<0001> <0003> [<2F24> <5357> <D872DF4E> ]\n"
                b"<0010> <0012> <0041>\nendbfrange\n")
    assert read_tounicode(qt_style) == {1: "\u2f24", 2: "南", 3: "𬭎", 16: "A", 17: "B",
                                        18: "C"}


def test_print_to_pdf_file_gets_the_true_text_layer(tmp_path):
    """Printing to a PDF file (the print dialog's 打印到文件) is fixed up too."""
    from PySide6.QtPrintSupport import QPrinter

    from kaoji_desktop.reports.render import print_document

    doc = Document("打印", (Section("大南街道考绩办公示", blocks=(Paragraph("马鞍池社区 王𬭎"),)),))
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    assert print_document(doc, printer) == 1
    flat = squeeze(pdftotext_raw(out))
    assert "大南街道考绩办公示" in flat and "马鞍池社区王𬭎" in flat
    assert not RADICALS.search(flat)


def test_print_preview_paints_every_page(qtbot):
    """The preview (a QPrinter without a file) paints through the same engine."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

    from kaoji_desktop.reports.render import prepare_printer, print_document

    rows = tuple((str(i), f"姓名{i}") for i in range(120))
    doc = Document("预览", (Section("预览", blocks=(
        Table((_col(), _col()), (("序号", "姓名"),), rows),)),))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, doc)
    widget = QPrintPreviewWidget(printer)
    qtbot.addWidget(widget)
    counts = []
    widget.paintRequested.connect(lambda p: counts.append(print_document(doc, p)))
    widget.updatePreview()
    assert counts and counts[0] == widget.pageCount() > 1


def test_a_file_that_does_not_match_the_drawing_is_left_alone(tmp_path, caplog):
    from kaoji_desktop.reports.pdftext import TextLayerError, TextRecorder, fix_text_layer
    from kaoji_desktop.reports.render import finish_pdf

    out = tmp_path / "one.pdf"
    write_pdf(Document("一页", (Section("一页", blocks=(Paragraph("正文"),)),)), out)
    before = out.read_bytes()
    wrong = TextRecorder()
    wrong.new_page()  # two pages drawn, one in the file
    with pytest.raises(TextLayerError, match="pages"):
        fix_text_layer(out, wrong)
    other = TextRecorder()
    other.add((1, 2, 3), ("甲", "乙", "丙"))  # nothing like what the file shows
    with pytest.raises(TextLayerError):
        fix_text_layer(out, other)
    assert out.read_bytes() == before
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.4\nnot really a pdf")
    finish_pdf(garbage, TextRecorder())  # logged, not raised: the export still succeeds
    assert garbage.read_bytes() == b"%PDF-1.4\nnot really a pdf"
    assert "text layer left as Qt wrote it" in caplog.text


def test_cli_report_writes_the_true_text_layer(tmp_path, capsys):
    """`kaoji report` goes through the same writer (no NFKC, no radical folding)."""
    from kaoji_desktop.demo import create_demo_file
    from kaoji_desktop.reports.cli_support import run_report

    db = tmp_path / "演示.kaoji"
    create_demo_file(db)
    out = tmp_path / "公示.pdf"
    assert run_report("publicity-communities", db, out) == 0
    for text in (pdftotext_raw(out), pypdf_text(out)):
        flat = squeeze(text)
        assert "大南街道" in flat and "公示" in flat and "马鞍池社区" in flat
        assert not RADICALS.search(flat)
