"""`kaoji report KIND YEAR.kaoji --pdf OUT.pdf [--period 一季度] [--return X.kjret]`,
for cli.py. KIND `signoff` prints a department return's 签审表 (needs --return)."""

from __future__ import annotations

import sys
from pathlib import Path

from kaoji_desktop.core import compute_year
from kaoji_desktop.exchange.packages import PackageError, read_any_return
from kaoji_desktop.reports import REPORT_KINDS, render_pdf
from kaoji_desktop.reports.render import write_pdf
from kaoji_desktop.reports.settings import (
    META_KEY,
    STAGE_META_KEY,
    PublicitySettings,
    SettingsMissing,
)
from kaoji_desktop.reports.signoff import check_code, from_return, signoff_sheet
from kaoji_desktop.store import StoreError, YearFile
from kaoji_desktop.store.stages import DRAFT

SIGNOFF = "signoff"  # not a year report: built from a department return
CLI_KINDS = (*REPORT_KINDS, SIGNOFF)
# kinds whose dates come from the computed 公示期
PERIOD_KINDS = ("publicity-communities", "publicity-staff", "internal-check")


def run_report(kind: str, db_path: str | Path, pdf_path: str | Path,
               period: str | None = None, return_path: str | Path | None = None) -> int:
    """Render one report of a year file to PDF. Returns an exit code; messages
    (Chinese) go to stderr on failure, the written path to stdout on success."""
    if kind not in CLI_KINDS:
        print(f"未知报表类型：{kind}。可选：{'、'.join(CLI_KINDS)}", file=sys.stderr)
        return 2
    if kind == SIGNOFF:
        return _run_signoff(db_path, pdf_path, return_path)
    try:
        with YearFile.open(db_path, readonly=True) as yf:
            data = yf.load()
            settings = _settings(yf.get_meta(META_KEY))
            stage = yf.get_meta(STAGE_META_KEY) or DRAFT  # never moved on: 草稿
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    try:
        pages = render_pdf(kind, data, compute_year(data), settings, pdf_path, period, stage)
    except SettingsMissing as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"无法生成报表：{exc}", file=sys.stderr)
        return 1
    if kind in PERIOD_KINDS and settings.period_note():
        print(f"提示：{settings.period_note()}", file=sys.stderr)
    print(f"已生成 {REPORT_KINDS[kind].title}：{pdf_path}（共 {pages} 页）")
    return 0


def _settings(text: str | None) -> PublicitySettings:
    """The year's 公示 settings; damaged ones are reported and replaced by the defaults
    (a final sheet then stops at its blank contacts)."""
    try:
        return PublicitySettings.from_json(text)
    except (ValueError, TypeError, AttributeError) as exc:
        print(f"提示：年度文件中的公示设置已损坏（{exc}），按默认设置生成。", file=sys.stderr)
        return PublicitySettings()


def _run_signoff(db_path: str | Path, pdf_path: str | Path,
                 return_path: str | Path | None) -> int:
    """科室评分签审表 of a return (.kjret or filled .xlsx template), with the
    year file's names and full marks; prints the check code."""
    if return_path is None:
        print("签审表需要科室回执：--return 回执文件(.kjret 或填好的 .xlsx)", file=sys.stderr)
        return 2
    try:
        ret = read_any_return(return_path)
    except PackageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        with YearFile.open(db_path, readonly=True) as yf:
            data = yf.load()
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if ret.year != data.year:
        print(f"回执是{ret.year}年的，年度文件是{data.year}年的。", file=sys.stderr)
        return 2
    inp = from_return(ret, data)
    try:
        pages = write_pdf(signoff_sheet(inp), pdf_path)
    except (ValueError, OSError) as exc:
        print(f"无法生成报表：{exc}", file=sys.stderr)
        return 1
    print(f"已生成 {ret.dept} {ret.period}评分签审表（校验码 {check_code(inp)}）："
          f"{pdf_path}（共 {pages} 页）")
    return 0
