"""The in-process measurements: one function per group of figures.

Each function takes the `Context` and returns {key: value}. When what it
measures is not importable (yet) it raises `Unavailable(reason)`; the table
then shows "n/a (reason)" and the JSON null. Times are milliseconds, the
median of repeated runs after one warm-up run.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class Unavailable(Exception):
    """A measurement's dependency is missing; the message says which."""


@dataclass
class Context:
    paths: dict[str, tuple[Path, Path]]  # "demo"/"district" -> (year file, workbook)
    repeat: int = 7
    build_frozen: bool = True  # build dist/kaoji-desktop when it is missing
    notes: list[str] = field(default_factory=list)
    _data: dict[str, Any] = field(default_factory=dict)

    def kaoji(self, which: str) -> Path:
        return self.paths[which][0]

    def xlsx(self, which: str) -> Path:
        return self.paths[which][1]

    def data(self, which: str) -> Any:
        """The year as loaded from its year file (cached)."""
        if which not in self._data:
            from kaoji_desktop.store import YearFile

            with YearFile.open(self.kaoji(which), readonly=True) as yf:
                self._data[which] = yf.load()
        return self._data[which]


def ms_runs(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def median_ms(fn: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    return statistics.median(ms_runs(fn, repeat, warmup))


def median_cpu_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median process CPU time: what the run costs without waiting for a CPU."""
    fn()
    out = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        out.append((time.process_time() - start) * 1000)
    return statistics.median(out)


def _need(module: str, name: str) -> Any:
    try:
        mod = __import__(module, fromlist=[name])
        return getattr(mod, name)
    except (ImportError, AttributeError) as exc:
        raise Unavailable(f"{module}.{name} 未就绪: {exc}") from None


# --- core -------------------------------------------------------------------

def recompute(ctx: Context) -> dict[str, float]:
    compute_year = _need("kaoji_desktop.core", "compute_year")
    out = {}
    for which in ("demo", "district"):
        data = ctx.data(which)
        out[f"recompute_ms_{which}"] = median_ms(lambda d=data: compute_year(d), ctx.repeat)
    cpu = median_cpu_ms(lambda: compute_year(ctx.data("district")), ctx.repeat)
    ctx.notes.append(f"recompute district, CPU time (less sensitive to other load): "
                     f"{cpu:.0f} ms")
    return out


# --- store ------------------------------------------------------------------

def bare_select(conn: sqlite3.Connection, tables: list[str]) -> int:
    """SELECT every row of the year's data tables (and meta), nothing else."""
    n = 0
    for t in tables:
        n += len(conn.execute(f'SELECT * FROM "{t}"').fetchall())
    return n


def load_and_read(ctx: Context) -> dict[str, float]:
    compute_year = _need("kaoji_desktop.core", "compute_year")
    year_file = _need("kaoji_desktop.store", "YearFile")
    from kaoji_desktop.store.schema import TABLES

    tables = [t.name for t in TABLES] + ["meta"]
    path = ctx.kaoji("district")
    loads, both, reads = [], [], []
    with year_file.open(path, readonly=True) as yf:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            yf.load()
            bare_select(conn, tables)
            for _ in range(ctx.repeat):  # interleaved, so all three share the run
                start = time.perf_counter()
                data = yf.load()
                mid = time.perf_counter()
                compute_year(data)
                end = time.perf_counter()
                bare_select(conn, tables)
                last = time.perf_counter()
                loads.append((mid - start) * 1000)
                both.append((end - start) * 1000)
                reads.append((last - end) * 1000)
        finally:
            conn.close()
    read = statistics.median(reads)
    ctx.notes.append(f"bare SELECT of the district rows: {read:.1f} ms")
    return {"load_ms_district": statistics.median(loads),
            "recompute_over_read_district": statistics.median(both) / read}


# --- exchange ---------------------------------------------------------------

def openpyxl_pass(path: Path) -> int:
    """A bare read-only openpyxl pass: every cell value of every sheet."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = 0
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                n += len(row)
    finally:
        wb.close()
    return n


def import_(ctx: Context) -> dict[str, float]:
    import_workbook = _need("kaoji_desktop.exchange.workbook_import", "import_workbook")
    xlsx = ctx.xlsx("district")
    repeat = max(3, ctx.repeat // 2)
    tmp = Path(tempfile.mkdtemp(prefix="kaoji-bench-"))
    try:
        counter = iter(range(10**6))

        def one() -> None:  # a new year file each time, as in 导入 into a new year
            import_workbook(xlsx, tmp / f"i{next(counter)}.kaoji", operator="bench")

        imports, passes = [], []
        one()
        openpyxl_pass(xlsx)
        for _ in range(repeat):
            start = time.perf_counter()
            one()
            mid = time.perf_counter()
            openpyxl_pass(xlsx)
            end = time.perf_counter()
            imports.append((mid - start) * 1000)
            passes.append((end - mid) * 1000)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    bare = statistics.median(passes)
    ctx.notes.append(f"bare openpyxl read-only pass over district.xlsx: {bare:.0f} ms")
    imported = statistics.median(imports)
    return {"import_ms_district": imported, "import_over_openpyxl_district": imported / bare}


def export(ctx: Context) -> dict[str, float]:
    export_results = _need("kaoji_desktop.exchange.results_export", "export_results")
    compute_year = _need("kaoji_desktop.core", "compute_year")
    result = compute_year(ctx.data("district"))
    tmp = Path(tempfile.mkdtemp(prefix="kaoji-bench-"))
    try:
        out = tmp / "结果.xlsx"
        figure = median_ms(lambda: export_results(result, out), max(3, ctx.repeat // 2))
        try:
            from kaoji_desktop.exchange.dump import dump_year
        except ImportError:
            pass
        else:
            data = ctx.data("district")
            dump = median_ms(lambda: dump_year(data, tmp / "数据.xlsx"), 3)
            ctx.notes.append(f"export_ms_district is 导出结果 (results workbook); "
                             f"导出数据 (dump_year, the whole year workbook): {dump:.0f} ms")
        return {"export_ms_district": figure}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- reports ----------------------------------------------------------------

def publicity_pdf(ctx: Context) -> dict[str, float]:
    render_pdf = _need("kaoji_desktop.reports", "render_pdf")
    compute_year = _need("kaoji_desktop.core", "compute_year")
    settings_cls = _need("kaoji_desktop.reports", "PublicitySettings")
    data = ctx.data("demo")
    result = compute_year(data)
    # a final sheet is refused while its supervision contacts are blank
    settings = settings_cls(phone="0577-0000 0000", contact="基准", address="基准")
    tmp = Path(tempfile.mkdtemp(prefix="kaoji-bench-"))
    try:
        out = tmp / "公示.pdf"
        start = time.perf_counter()
        render_pdf("publicity-communities", data, result, settings, out)
        cold = (time.perf_counter() - start) * 1000
        ctx.notes.append(f"publicity PDF, first call in the process (fonts, Qt start): "
                         f"{cold:.0f} ms")
        warm = median_ms(lambda: render_pdf("publicity-communities", data, result, settings, out),
                         ctx.repeat, warmup=0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"pdf_ms_publicity_demo": warm}
