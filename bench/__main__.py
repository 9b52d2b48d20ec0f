"""`python -m bench [--json OUT.json]`: generate the years, measure, print a table.

Run with the project venv, offscreen:
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench --json bench/out/figures.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import measure, probes
from bench.generate import OUT_DIR, generate

# key -> (target, how it is compared, unit)
TARGETS: dict[str, tuple[float | None, str]] = {
    "recompute_ms_demo": (None, "ms"),
    "recompute_ms_district": (100, "ms"),
    "load_ms_district": (None, "ms"),
    "recompute_over_read_district": (3, "×"),
    "import_ms_district": (None, "ms"),
    "import_over_openpyxl_district": (1.5, "×"),
    "export_ms_district": (None, "ms"),
    "gui_edit_ms_demo": (50, "ms"),
    "gui_edit_ms_district": (200, "ms"),
    "pdf_ms_publicity_demo": (500, "ms"),
    "start_ms_frozen": (1000, "ms"),
    "start_ms_source": (None, "ms"),
    "rss_mb_district": (300, "MB"),
    "frozen_size_mb": (None, "MB"),
}

GROUPS: list[tuple[tuple[str, ...], Callable[[measure.Context], dict[str, float]]]] = [
    (("recompute_ms_demo", "recompute_ms_district"), measure.recompute),
    (("load_ms_district", "recompute_over_read_district"), measure.load_and_read),
    (("import_ms_district", "import_over_openpyxl_district"), measure.import_),
    (("export_ms_district",), measure.export),
    (("gui_edit_ms_demo", "gui_edit_ms_district"), probes.gui_edit),
    (("pdf_ms_publicity_demo",), measure.publicity_pdf),
    (("start_ms_frozen", "frozen_size_mb"), probes.start_frozen),
    (("start_ms_source",), probes.start_source),
    (("rss_mb_district",), probes.rss),
]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return (f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}{load}")


def run(ctx: measure.Context, only: set[str] | None) -> tuple[dict, dict]:
    figures: dict[str, float | None] = {}
    reasons: dict[str, str] = {}
    for keys, fn in GROUPS:
        if only and not only & set(keys):
            continue
        start = time.perf_counter()
        try:
            got = fn(ctx)
        except measure.Unavailable as exc:
            got, why = {}, str(exc)
        except Exception as exc:  # noqa: BLE001 - one broken figure must not stop the rest
            traceback.print_exc(file=sys.stderr)
            got, why = {}, f"error: {type(exc).__name__}: {exc}"
        else:
            why = ""
        for k in keys:
            figures[k] = got.get(k)
            if figures[k] is None:
                reasons[k] = got.get(f"{k}:why") or why or "not measured"
        print(f"  {fn.__module__}.{fn.__name__}: {time.perf_counter() - start:.1f} s",
              file=sys.stderr)
    return figures, reasons


def table(figures: dict, reasons: dict) -> str:
    lines = [f"{'figure':32} {'value':>12}  {'target':>10}  status",
             "-" * 70]
    for key, value in figures.items():
        target, unit = TARGETS[key]
        if value is None:
            lines.append(f"{key:32} {'n/a':>12}  {'':>10}  ({reasons.get(key, '')})")
            continue
        shown = f"{value:.2f} {unit}" if unit == "×" else f"{value:.1f} {unit}"
        if target is None:
            lines.append(f"{key:32} {shown:>12}")
            continue
        ok = value < target
        lines.append(f"{key:32} {shown:>12}  {'< ' + str(target) + ' ' + unit:>10}  "
                     f"{'ok' if ok else 'MISSED'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--json", metavar="OUT.json", help="write the figures as JSON")
    parser.add_argument("--repeat", type=int, default=7, help="runs per median (default 7)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse bench/out years instead of regenerating them")
    parser.add_argument("--no-build", action="store_true",
                        help="do not build the frozen onedir when dist/kaoji-desktop is missing")
    parser.add_argument("--only", nargs="*", help="only the groups holding these keys")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    start = time.perf_counter()
    names = ("demo", "district")
    if args.reuse and all((OUT_DIR / f"{n}.{s}").exists() for n in names
                          for s in ("kaoji", "xlsx")):
        paths = {n: (OUT_DIR / f"{n}.kaoji", OUT_DIR / f"{n}.xlsx") for n in names}
    else:
        paths = generate(OUT_DIR)
    print(f"  generate: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    ctx = measure.Context(paths, repeat=args.repeat, build_frozen=not args.no_build)
    figures, reasons = run(ctx, set(args.only) if args.only else None)

    print(f"machine: {machine()}")
    print(f"command: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench "
          f"{' '.join(sys.argv[1:] if argv is None else argv)}".rstrip())
    print(table(figures, reasons))
    for note in ctx.notes:
        print(f"note: {note}")
    print(f"total: {time.perf_counter() - start:.0f} s")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(
            {**figures, "_reasons": reasons, "_machine": machine(), "_notes": ctx.notes},
            ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
