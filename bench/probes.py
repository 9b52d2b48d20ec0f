"""Measurements in a child process: the real window offscreen, start-up, memory.

The parent side (`gui_edit`, `rss`, `start_source`, `start_frozen`) runs
`python -m bench.probes <probe> ...` with QT_QPA_PLATFORM=offscreen and a
throw-away settings folder, and reads one JSON line from the child's stdout.
The child works on a copy of the year file (edits must not touch bench/out).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.measure import Context, Unavailable

ROOT = Path(__file__).resolve().parents[1]
FROZEN_DIR = ROOT / "dist" / "kaoji-desktop"
RESULT_PAGES = ("社区排名", "人员考绩", "约谈名单")


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp / "config"),
               HOME=str(tmp), KAOJI_EXIT_AFTER_SHOW="1")
    env.pop("QT_QPA_PLATFORMTHEME", None)
    return env


def _child(args: list[str], timeout: float = 240) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="kaoji-bench-"))
    try:
        proc = subprocess.run([sys.executable, "-m", "bench.probes", *args, str(tmp)],
                              cwd=ROOT, env=_env(tmp), capture_output=True, text=True,
                              timeout=timeout, check=False)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        if "Unavailable" in proc.stderr or "ModuleNotFoundError" in proc.stderr:
            raise Unavailable(tail)
        raise RuntimeError(f"probe {args[0]} failed ({proc.returncode}): {tail}")
    return json.loads(lines[-1])


def _require_window() -> None:
    try:
        import kaoji_desktop.gui.mainwindow  # noqa: F401
    except ImportError as exc:
        raise Unavailable(f"kaoji_desktop.gui.mainwindow 未就绪: {exc}") from None


# --- parent side ---------------------------------------------------------------

def gui_edit(ctx: Context) -> dict[str, float]:
    _require_window()
    out: dict[str, float] = {}
    for which in ("demo", "district"):
        got = _child(["edit", str(ctx.kaoji(which)), str(ctx.repeat)])
        out[f"gui_edit_ms_{which}"] = got["all_ms"]
        ctx.notes.append(
            f"GUI edit {which}: cell edit -> visible 条线评分 grid refreshed "
            f"{got['visible_ms']:.1f} ms (save {got['save_ms']:.1f}, reload+recompute "
            f"{got['reload_ms']:.1f}); + showing the stale result pages "
            f"{'/'.join(RESULT_PAGES)} = {got['all_ms']:.1f} ms")
    return out


def rss(ctx: Context) -> dict[str, float]:
    _require_window()
    got = _child(["rss", str(ctx.kaoji("district"))])
    ctx.notes.append(f"RSS district: {got['after_open_mb']:.0f} MB after opening, "
                     f"{got['peak_mb']:.0f} MB peak after visiting all {got['pages']} pages")
    return {"rss_mb_district": got["peak_mb"]}


def _start_ms(cmd: list[str], year: Path, repeat: int) -> tuple[float, float]:
    """Spawn to "first window shown" on stdout (KAOJI_EXIT_AFTER_SHOW=1, the app
    then quits), with a copy of `year` given as the file to open. Median of
    `repeat` runs after a warm-up (disk cache); also the app's own figure
    (from its module import, so without interpreter or bootloader start)."""
    times, own = [], []
    for i in range(repeat + 1):
        tmp = Path(tempfile.mkdtemp(prefix="kaoji-bench-"))
        try:
            copy = tmp / year.name
            shutil.copy2(year, copy)
            start = time.perf_counter()
            proc = subprocess.Popen([*cmd, str(copy)], cwd=tmp, env=_env(tmp), text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            shown = None
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith("first window shown after"):
                    shown = (time.perf_counter() - start) * 1000
                    own.append(float(line.split()[4]))
                    break
            try:
                _, err = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise RuntimeError(f"{cmd[0]} did not exit after showing its window") from None
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if proc.returncode != 0 or shown is None:
            tail = (err.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"{cmd[0]} exited {proc.returncode} without showing: {tail}")
        if i:
            times.append(shown)
    return statistics.median(times), statistics.median(own[1:])


def _exits_after_show() -> bool:
    try:
        text = (ROOT / "kaoji_desktop" / "gui" / "app.py").read_text(encoding="utf-8")
    except OSError:
        return False
    return "KAOJI_EXIT_AFTER_SHOW" in text


def start_source(ctx: Context) -> dict[str, float]:
    if not _exits_after_show():
        raise Unavailable("kaoji_desktop/gui/app.py 尚不支持 KAOJI_EXIT_AFTER_SHOW")
    script = Path(sys.executable).with_name("kaoji-desktop")
    code = "import sys; from kaoji_desktop.gui.app import main; sys.exit(main())"
    cmd = [str(script)] if script.exists() else [sys.executable, "-c", code]
    ms, own = _start_ms(cmd, ctx.kaoji("demo"), max(3, ctx.repeat // 2))
    ctx.notes.append(f"start from source (demo year given): app's own figure from its "
                     f"import {own:.0f} ms")
    return {"start_ms_source": ms}


def _dir_mb(path: Path) -> float:
    """Bytes on disk of regular files, symlinks not followed (PyInstaller links)."""
    return sum(f.lstat().st_size for f in path.rglob("*")
               if f.is_file() and not f.is_symlink()) / 2**20


def start_frozen(ctx: Context) -> dict[str, Any]:
    exe = FROZEN_DIR / "kaoji-desktop"
    script = ROOT / "scripts" / "build_frozen.sh"
    if not exe.exists() and ctx.build_frozen and script.exists():
        start = time.perf_counter()
        proc = subprocess.run(["bash", str(script)], cwd=ROOT, capture_output=True, text=True,
                              timeout=600, check=False)
        ctx.notes.append(f"built the frozen onedir with scripts/build_frozen.sh "
                         f"({time.perf_counter() - start:.0f} s, exit {proc.returncode})")
    if not exe.exists():
        why = (f"no frozen build at {FROZEN_DIR.relative_to(ROOT)} "
               "(scripts/build_frozen.sh)")
        return {"start_ms_frozen:why": why, "frozen_size_mb:why": why}
    out: dict[str, Any] = {"frozen_size_mb": _dir_mb(FROZEN_DIR)}
    if not _exits_after_show():
        out["start_ms_frozen:why"] = "app does not honour KAOJI_EXIT_AFTER_SHOW"
        return out
    ms, own = _start_ms([str(exe)], ctx.kaoji("demo"), max(3, ctx.repeat // 2))
    ctx.notes.append(f"frozen start (demo year given): app's own figure from its import "
                     f"{own:.0f} ms")
    out["start_ms_frozen"] = ms
    return out


# --- child side ----------------------------------------------------------------

def _window(tmp: Path) -> tuple[Any, Any]:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from kaoji_desktop.gui.fonts import ui_font
    from kaoji_desktop.gui.mainwindow import MainWindow

    QCoreApplication.setOrganizationName("kaoji-bench")
    QCoreApplication.setApplicationName("kaoji-bench")
    app = QApplication.instance() or QApplication([])
    app.setFont(ui_font())
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    return app, window


def _open_copy(window: Any, path: Path, tmp: Path) -> Path:
    copy = tmp / path.name
    shutil.copy2(path, copy)
    if not window.controller.open(copy):
        raise RuntimeError(f"could not open {copy}")
    return copy


def _settle(app: Any, window: Any) -> None:
    """Run the event loop until the window's deferred refresh has happened."""
    app.processEvents()
    for _ in range(100):
        if not getattr(window, "_refresh_pending", False):
            break
        app.processEvents()


def probe_edit(path: Path, repeat: int, tmp: Path) -> dict[str, float]:
    """Set a line score through the grid model's setData; time until the visible
    grid is refreshed, then until every result page is refreshed too."""
    from decimal import Decimal

    from PySide6.QtCore import Qt

    app, window = _window(tmp)
    _open_copy(window, path, tmp)
    for title in RESULT_PAGES:
        window.page(title)
    page = window.page("条线评分")
    _settle(app, window)
    model = page.models[0]
    col = next(c for c in range(model.columnCount())
               if model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable)
    resets = []
    model.refreshed.connect(lambda: resets.append(time.perf_counter()))
    ctl = window.controller
    visible, every, reload_ms, save_ms = [], [], [], []
    for i in range(repeat + 1):
        index = model.index(i % model.rowCount(), col)
        old = Decimal(model.data(index, Qt.ItemDataRole.EditRole))
        new = old - Decimal("0.1") if old >= Decimal("0.1") else old + Decimal("0.1")
        resets.clear()
        start = time.perf_counter()
        if not model.setData(index, str(new), Qt.ItemDataRole.EditRole):
            raise RuntimeError(f"setData refused {new} at row {index.row()}, col {col}")
        saved = time.perf_counter()
        _settle(app, window)
        if not resets:
            raise RuntimeError("the line-score grid was not refreshed after the edit")
        shown = resets[-1]
        for title in RESULT_PAGES:
            window.page(title)
        window.page("条线评分")
        app.processEvents()
        end = time.perf_counter()
        if i:  # the first edit warms caches
            visible.append((shown - start) * 1000)
            every.append((end - start) * 1000)
            reload_ms.append(ctl.last_refresh_ms)
            save_ms.append((saved - start) * 1000 - ctl.last_refresh_ms)
        if model.data(index, Qt.ItemDataRole.EditRole) != str(new):
            raise RuntimeError("the grid does not show the edited value")
    window.close()
    med = statistics.median
    return {"visible_ms": med(visible), "all_ms": med(every), "reload_ms": med(reload_ms),
            "save_ms": med(save_ms)}


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def probe_rss(path: Path, tmp: Path) -> dict[str, float]:
    app, window = _window(tmp)
    _open_copy(window, path, tmp)
    _settle(app, window)
    after_open = _rss_mb()
    for number in range(len(window.pages)):
        window.show_page(number)
        app.processEvents()
    peak = _rss_mb()
    window.close()
    return {"after_open_mb": after_open, "peak_mb": peak, "pages": len(window.pages)}


def main(argv: list[str]) -> int:
    probe, *rest = argv
    tmp = Path(rest[-1])
    if probe == "edit":
        result = probe_edit(Path(rest[0]), int(rest[1]), tmp)
    elif probe == "rss":
        result = probe_rss(Path(rest[0]), tmp)
    else:
        raise SystemExit(f"unknown probe {probe}")
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
