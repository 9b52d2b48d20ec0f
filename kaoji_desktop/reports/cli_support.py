"""`kaoji report KIND YEAR.kaoji --pdf OUT.pdf [--period 一季度]`, for cli.py."""

from __future__ import annotations

import sys
from pathlib import Path

from kaoji_desktop.reports import REPORT_KINDS, render_pdf
from kaoji_desktop.reports.settings import META_KEY, STAGE_META_KEY, PublicitySettings
from kaoji_desktop.store.stages import DRAFT


def run_report(kind: str, db_path: str | Path, pdf_path: str | Path,
               period: str | None = None) -> int:
    """Render one report of a year file to PDF. Returns an exit code; messages
    (Chinese) go to stderr on failure, the written path to stdout on success."""
    from kaoji_desktop.core import compute_year
    from kaoji_desktop.store import StoreError, YearFile

    if kind not in REPORT_KINDS:
        print(f"未知报表类型：{kind}。可选：{'、'.join(REPORT_KINDS)}", file=sys.stderr)
        return 2
    try:
        with YearFile.open(db_path, readonly=True) as yf:
            data = yf.load()
            settings = PublicitySettings.from_json(yf.get_meta(META_KEY))
            stage = yf.get_meta(STAGE_META_KEY) or DRAFT  # never moved on: 草稿
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    try:
        pages = render_pdf(kind, data, compute_year(data), settings, pdf_path, period, stage)
    except (ValueError, OSError) as exc:
        print(f"无法生成报表：{exc}", file=sys.stderr)
        return 1
    print(f"已生成 {REPORT_KINDS[kind].title}：{pdf_path}（共 {pages} 页）")
    return 0
