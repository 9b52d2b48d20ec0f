"""Crash-test worker: edits a year file until it is killed.

Run as `python crash_worker.py YEARFILE SEED`. Does what a clerk's session does
— typing (one value), pasting (a block of values), workbook imports
(`exchange.import_into`, the open file's import service), merges of department
returns (`exchange.packages`), which back the file up first, restores of a
backup (`YearFile.restore`) and procedure steps (`store.lifecycle`, backup then
stage change). Before each transaction it prints `INTENT n <kind> <digest>`:
the digest of the whole file as it must be once the transaction has committed,
found by running the same operation on a scratch copy; after the commit it
prints `ACK n`. The parent kills it (SIGKILL) at random and checks that the
file's digest is that of the last acknowledged transaction or of the one in
flight — never anything in between.
"""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from kaoji_desktop.store import Change, YearFile
from kaoji_desktop.store.lock import acquire

_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?")
# package ids, secrets, return ids and MACs are random per run: the scratch run and the
# real one differ only there (and in time stamps)
_RANDOM_HEX = re.compile(r"[0-9a-f]{8,}")


def digest(path: str | Path) -> str:
    """Every table's rows (audit without its time stamps), times masked."""
    conn = sqlite3.connect(str(path))
    try:
        h = hashlib.sha256()
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name")]
        for name in names:
            cols = "id, operator, source, tbl, key, field, old, new, note" \
                if name == "audit" else "*"
            h.update(f"#{name}".encode())
            for row in conn.execute(f'SELECT {cols} FROM "{name}" ORDER BY rowid'):
                h.update(_RANDOM_HEX.sub("H", _ISO.sub("T", repr(row))).encode())
        return h.hexdigest()
    finally:
        conn.close()


def _scratch(yf: YearFile, folder: Path) -> Path:
    copy = folder / "scratch.kaoji"
    for extra in ("", "-wal", "-shm", "-journal"):
        Path(f"{copy}{extra}").unlink(missing_ok=True)
    dest = sqlite3.connect(str(copy))
    yf.conn.backup(dest)
    dest.close()
    return copy


def _score(rng: random.Random, full: Decimal) -> Decimal:
    return (Decimal(rng.randint(0, int(full * 2))) / 2).quantize(Decimal("0.5"))


def typing_op(yf: YearFile, rng: random.Random) -> Callable[[YearFile], object]:
    rows = yf.rows("line_scores")
    full = {r["name"]: r["full_marks"] for r in yf.rows("lines")}
    r = rng.choice(rows)
    key = (r["community"], r["line"], r["period"])
    value = None if rng.random() < 0.1 else {"score": _score(rng, full[r["line"]])}
    return lambda f: f.apply([Change("line_scores", key, value)], source="录入")


def paste_op(yf: YearFile, rng: random.Random) -> Callable[[YearFile], object]:
    full = {r["name"]: r["full_marks"] for r in yf.rows("lines")}
    communities = [r["name"] for r in yf.rows("communities")]
    lines = list(full)
    period = rng.choice(["一季度", "二季度", "三季度", "四季度"])
    changes = [Change("line_scores", (c, ln, period), {"score": _score(rng, full[ln])})
               for c in communities for ln in rng.sample(lines, min(len(lines), 6))]
    return lambda f: f.apply(changes, source="粘贴")


def import_op(yf: YearFile, rng: random.Random, folder: Path) -> Callable[[YearFile], object]:
    import dataclasses

    from kaoji_desktop.exchange.dump import dump_year
    from kaoji_desktop.exchange.workbook_import import import_into

    data = yf.load()
    full = {x.name: x.full_marks for x in data.lines}
    scores = tuple(dataclasses.replace(s, score=_score(rng, full[s.line]))
                   if rng.random() < 0.3 else s for s in data.line_scores)
    xlsx = folder / f"year-{rng.randrange(10**6)}.xlsx"
    dump_year(dataclasses.replace(data, line_scores=scores), xlsx)

    def run(f: YearFile) -> object:  # backs up first, then swaps in a replaced copy
        return import_into(f, xlsx)
    return run


def restore_op(yf: YearFile, rng: random.Random) -> Callable[[YearFile], object] | None:
    from kaoji_desktop.store import backups

    good = [b for b in backups.list_backups(yf.path) if backups.is_good(b.path)]
    if not good:
        return None
    chosen = rng.choice(good[:5]).path
    return lambda f: f.restore(chosen)  # 恢复前 backup, copy beside, verify, rename


def lifecycle_op(yf: YearFile) -> Callable[[YearFile], object]:
    from kaoji_desktop.store import lifecycle

    if lifecycle.stage(yf) == "草稿":
        return lambda f: lifecycle.advance(f, None)
    return lambda f: lifecycle.step_back(f, reason="崩溃测试退回")


def merge_ops(yf: YearFile, rng: random.Random) -> list[Callable[[YearFile], object]]:
    from kaoji_desktop.exchange import packages as pk

    data = yf.load()
    dept = rng.choice(pk.departments(data))
    period = rng.choice(pk.periods_for(data, dept))
    made: dict[str, object] = {}

    def issue(f: YearFile) -> object:
        made["pkg"] = pk.issue_package(f, dept, period)
        return made["pkg"]

    def merge(f: YearFile) -> object:
        if "ret" not in made:  # one return, merged into the scratch copy and for real
            pkg = made["pkg"]
            values = {k: _score(rng, pkg.maximum(k)) for k in pkg.values}
            made["ret"] = pk.make_return(pkg, values, signer="科长", sign_date="2017-12-30")
        ret = made["ret"]
        return pk.merge_return(f, ret, on_conflict="return")
    return [issue, merge]


def _expected(yf: YearFile, op: Callable[[YearFile], object], folder: Path) -> str:
    """Digest after running `op` on a scratch copy of the current file."""
    copy = _scratch(yf, folder)
    with YearFile.open(copy, operator=yf.operator) as f:
        op(f)
    return digest(copy)


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    lock = acquire(path, operator="崩溃测试", heartbeat=False)  # stale after our SIGKILL
    folder = Path(tempfile.mkdtemp(prefix="kaoji-crash-"))
    n = 0
    with YearFile.open(path, operator="崩溃测试") as yf:
        print("READY", flush=True)
        while True:
            roll = rng.random()
            restore = restore_op(yf, rng) if 0.85 <= roll < 0.92 else None
            if roll < 0.35:
                kind, ops = "录入", [typing_op(yf, rng)]
            elif roll < 0.6:
                kind, ops = "粘贴", [paste_op(yf, rng)]
            elif roll < 0.72:
                kind, ops = "导入", [import_op(yf, rng, folder)]
            elif roll < 0.85:
                kind, ops = "合并回执", merge_ops(yf, rng)
            elif restore is not None:
                kind, ops = "恢复备份", [restore]
            else:
                kind, ops = "流程", [lifecycle_op(yf)]
            for op in ops:
                n += 1
                print(f"INTENT {n} {kind} {_expected(yf, op, folder)}", flush=True)
                op(yf)
                print(f"ACK {n}", flush=True)
    lock.release()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
