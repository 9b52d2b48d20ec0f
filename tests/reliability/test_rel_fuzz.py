"""Fuzz proof: mutated year workbooks and department returns.

Every mutated input is either taken whole or refused with a Chinese message
(ImportRefused / StoreError / PackageError); any other exception is a crash.
A refused input leaves the year file exactly as it was (same digest).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
import zipfile
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaoji_desktop.demo import demo_year
from kaoji_desktop.exchange import packages as pk
from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.exchange.packages.fileformat import sign
from kaoji_desktop.exchange.problems import ImportRefused
from kaoji_desktop.exchange.workbook_import import import_workbook
from kaoji_desktop.store import StoreError, YearFile
from tests.reliability.crash_driver import report
from tests.reliability.crash_worker import digest

CJK = re.compile(r"[\u4e00-\u9fff]")
REFUSALS = (ImportRefused, StoreError, pk.PackageError)
COUNTS: Counter[str] = Counter()


@cache
def _base() -> tuple[bytes, bytes, bytes, bytes, str]:
    """Year file, its dump, a signed .kjret and a filled template (bytes), secret."""
    folder = Path(tempfile.mkdtemp(prefix="kaoji-fuzz-"))
    year = folder / "y.kaoji"
    with YearFile.create(year, demo_year(), operator="模糊测试") as yf:
        data = yf.load()
        dept = pk.departments(data)[0]
        pkg = pk.issue_package(yf, dept, pk.periods_for(data, dept)[0])
        yf.checkpoint()
    dump_year(data, folder / "y.xlsx")
    values = {k: Decimal(1) for k in pkg.values}
    notes = {next(iter(pkg.values)): "迟报，扣 1 分"}  # 扣分说明 (issue 15)
    pk.write_return(pk.make_return(pkg, values, signer="科长", sign_date="2017-12-30",
                                   notes=notes), folder / "r.kjret")
    pk.write_template(pkg, folder / "t.xlsx")
    book = openpyxl.load_workbook(folder / "t.xlsx")
    book["填写说明"]["B12"] = "科长"  # signed: an unsigned template is refused before merging
    book.save(folder / "t.xlsx")
    return ((year.read_bytes(), (folder / "y.xlsx").read_bytes(),
             (folder / "r.kjret").read_bytes(), (folder / "t.xlsx").read_bytes(), pkg.secret))


CELL_VALUES = st.one_of(
    st.none(), st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.sampled_from(["=1+1", "=SUM(A1:A3)", "-", "+", "@x", "１２", " ", "\t", "一季度",
                     "第一等次", "是", "有", "无", "NaN", "1e400", "-0", "99999999999999999999",
                     "花柳塘社区", "监察", "专职社工", "已审核", "0x10", "1,5"]),
    st.integers(min_value=-10**20, max_value=10**20),
    st.decimals(allow_nan=False, allow_infinity=False, places=3,
                min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(), st.dates(),
)
EDIT = st.tuples(st.integers(0, 30), st.integers(1, 400), st.integers(1, 8), CELL_VALUES)
STRUCT = st.tuples(st.sampled_from(["delete_row", "delete_sheet", "rename_sheet",
                                    "insert_row", "delete_col", "clear_header"]),
                   st.integers(0, 30), st.integers(1, 400))
BYTES = st.tuples(st.sampled_from(["truncate", "flip", "none"]), st.integers(0, 10**6),
                  st.integers(0, 255))


def _mutate_book(raw: bytes, edits: list, structs: list, byte_op: tuple) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    for sheet_i, row, col, value in edits:
        ws = wb.worksheets[sheet_i % len(wb.worksheets)]
        if ws.protection.sheet:
            ws.protection.sheet = False
        ws.cell(row=1 + row % max(ws.max_row + 1, 2), column=col, value=value)
    for op, sheet_i, n in structs:
        if not wb.worksheets:
            break
        ws = wb.worksheets[sheet_i % len(wb.worksheets)]
        if op == "delete_row":
            ws.delete_rows(1 + n % max(ws.max_row, 1))
        elif op == "delete_sheet" and len(wb.worksheets) > 1:
            wb.remove(ws)
        elif op == "rename_sheet":
            ws.title = f"{ws.title[:20]}{n}"
        elif op == "insert_row":
            ws.insert_rows(1 + n % max(ws.max_row, 1))
        elif op == "delete_col":
            ws.delete_cols(1 + n % max(ws.max_column, 1))
        elif op == "clear_header":
            ws.cell(row=1, column=1 + n % max(ws.max_column, 1), value=None)
    out = io.BytesIO()
    wb.save(out)
    return _mutate_bytes(_fixed_times(out.getvalue()), byte_op)


def _fixed_times(raw: bytes) -> bytes:
    """The same workbook bytes on every run (zip entry times, saved-at times), so that
    a byte-level mutation Hypothesis found is reproduced exactly when it shrinks."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2017-01-01T00:00:00Z",
                              data)
            dst.writestr(zipfile.ZipInfo(item.filename, (2017, 1, 1, 0, 0, 0)), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _mutate_bytes(raw: bytes, byte_op: tuple) -> bytes:
    op, pos, byte = byte_op
    if op == "truncate":
        return raw[: pos % max(len(raw), 1)]
    if op == "flip":
        i = pos % len(raw)
        return raw[:i] + bytes([byte]) + raw[i + 1:]
    return raw


def _refused_cleanly(exc: Exception, year: Path, before: str) -> None:
    text = str(exc)
    assert CJK.search(text), f"not a Chinese message: {text!r}"
    assert digest(year) == before, "a refused input changed the year file"


def _case(kind: str) -> tuple[Path, Path, str]:
    year_raw = _base()[0]
    folder = Path(tempfile.mkdtemp(prefix=f"kaoji-{kind}-"))
    year = folder / "y.kaoji"
    year.write_bytes(year_raw)
    COUNTS[kind] += 1
    return folder, year, digest(year)


def _fuzz_workbook(edits: list, structs: list, byte_op: tuple) -> None:
    folder, year, before = _case("workbook")
    try:
        xlsx = folder / "mutated.xlsx"
        xlsx.write_bytes(_mutate_book(_base()[1], edits, structs, byte_op))
        try:
            result = import_workbook(xlsx, year, operator="模糊测试")
        except REFUSALS as exc:
            _refused_cleanly(exc, year, before)
            COUNTS["workbook_refused"] += 1
            return
        with YearFile.open(year, readonly=True) as yf:  # taken whole
            assert yf.integrity_ok()
            assert yf.load() == result.data
    finally:
        shutil.rmtree(folder, ignore_errors=True)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=10)
    | st.sampled_from(["1e999", "NaN", "-1", "3.5", "", "line_scores", "一季度", "Infinity",
                       "-Infinity", "sNaN", "-0", "11.123456789", "1E+400", "扣" * 101]),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=5), kids,
                                                               max_size=3),
    max_leaves=8)


def _fuzz_return(mutations: list, resign: bool, byte_op: tuple, on_conflict: str,
                 extra_member: bool) -> None:
    folder, year, before = _case("return")
    try:
        with zipfile.ZipFile(io.BytesIO(_base()[2])) as zf:
            member = zf.namelist()[0]
            d = json.loads(zf.read(member))
        for path_i, value in mutations:
            keys = sorted(d)
            key = keys[path_i % len(keys)]
            if key == "values" and isinstance(d["values"], list) and d["values"] and \
                    path_i % 2:
                i = path_i % len(d["values"])
                d["values"][i] = value if path_i % 3 else [d["values"][i][0], value]
            else:
                d[key] = value
        if resign:  # as if a faulty program had sealed it with the right secret
            d["mac"] = _try_sign({k: v for k, v in d.items() if k != "mac"})
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(member, json.dumps(d, ensure_ascii=False))
            if extra_member:  # exactly one member is allowed (issue 15)
                zf.writestr("x.json", "{}")
        ret_path = folder / "r.kjret"
        ret_path.write_bytes(_mutate_bytes(buf.getvalue(), byte_op))
        _read_and_merge(ret_path, year, before, on_conflict)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _try_sign(content: dict) -> str:
    try:
        return sign(_base()[4], content)
    except (TypeError, ValueError):
        return ""


def _read_and_merge(ret_path: Path, year: Path, before: str, on_conflict: str) -> None:
    try:
        ret = pk.read_any_return(ret_path)
        with YearFile.open(year, operator="模糊测试") as yf:
            pk.merge_return(yf, ret, on_conflict=on_conflict)
    except REFUSALS as exc:
        _refused_cleanly(exc, year, before)
        COUNTS["return_refused"] += 1
        return
    with YearFile.open(year, readonly=True) as yf:
        assert yf.integrity_ok()
        assert yf.audit(limit=1)[0].source == pk.MERGE_SOURCE


def _fuzz_template(edits: list, byte_op: tuple, on_conflict: str) -> None:
    folder, year, before = _case("template")
    try:
        path = folder / "t.xlsx"
        path.write_bytes(_mutate_book(_base()[3], edits, [], byte_op))
        _read_and_merge(path, year, before, on_conflict)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


CONFLICT = st.sampled_from(["refuse", "return", "keep"])


def _settings(n: int) -> settings:
    return settings(max_examples=n, deadline=None, derandomize=n < 50,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _run_all(n: int) -> None:
    _settings(n)(given(st.lists(EDIT, max_size=6), st.lists(STRUCT, max_size=2),
                       BYTES)(_fuzz_workbook))()
    _settings(n)(given(st.lists(st.tuples(st.integers(0, 50), JSON_VALUES), max_size=3),
                       st.booleans(), BYTES, CONFLICT, st.booleans())(_fuzz_return))()
    _settings(n)(given(st.lists(EDIT, max_size=6), BYTES, CONFLICT)(_fuzz_template))()


def test_fuzz_a_few_cases_each():
    COUNTS.clear()
    _run_all(8)
    assert COUNTS["workbook"] >= 8 and COUNTS["return"] >= 8 and COUNTS["template"] >= 8


@pytest.mark.slow
@pytest.mark.timeout(2400)  # minutes on a shared machine; a hang still fails
def test_fuzz_many_cases():
    COUNTS.clear()
    _run_all(400)
    assert COUNTS["workbook"] >= 400 and COUNTS["return"] >= 400
    # the fuzzing reached both outcomes: refusals and inputs taken whole
    assert 0 < COUNTS["workbook_refused"] < COUNTS["workbook"]
    report("fuzz", {"workbook_cases": COUNTS["workbook"], "return_cases": COUNTS["return"],
                    "template_cases": COUNTS["template"],
                    "refused": COUNTS["workbook_refused"] + COUNTS["return_refused"],
                    "crashes": 0, "partial": 0})
