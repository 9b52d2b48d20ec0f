"""The Excel route: a task package as an .xlsx template for WPS or Excel.

One sheet per form (条线得分 or 专职条线评分) with the scores' ranges as data
validation, headers locked (sheet protection, data cells unlocked), a 填写说明
sheet that also holds the signing block, and a very hidden sheet naming the
package and mapping each data cell to its key. A filled template imports as
a return (origin "Excel"). A spreadsheet cannot compute an HMAC, so it carries
a token proving which package it came from (HMAC of the package id with the
secret); its content is checked cell by cell on import instead, and it is
shown as 未加密封 (not sealed): a value changed after signing merges like
any other, which the clerk checks against the signed paper.

Reading is bounded (size on disk, members and inflated size from the zip
directory, before openpyxl sees the file) and reads formulas, not their
cached values: a cell holding a formula is refused, as the year-workbook
importer does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kaoji_desktop.core import values as v
from kaoji_desktop.core.values import fmt
from kaoji_desktop.exchange.packages.container import check_zip
from kaoji_desktop.exchange.packages.model import (
    ORIGIN_EXCEL,
    DepartmentReturn,
    Key,
    PackageError,
    TaskPackage,
)
from kaoji_desktop.exchange.packages.signing import sign_date_text, signer_name

META_SHEET = "_kaoji"
GUIDE_SHEET = "填写说明"
SIGNER_CELL, DATE_CELL = "B12", "B13"
FONT = "微软雅黑"
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MB = 1024 * 1024
MAX_FILE = 16 * MB  # on disk; a district staff template is well under 1 MB
MAX_MEMBERS = 200  # an .xlsx saved by Excel or WPS has a few dozen
MAX_INFLATED = 64 * MB  # all members inflated
FORMULA = "单元格含有公式，请直接填写数值（复制后“选择性粘贴 → 数值”）"


def template_token(secret: str, package_id: str) -> str:
    return hmac.new(bytes.fromhex(secret), f"template:{package_id}".encode(),
                    hashlib.sha256).hexdigest()


def form_name(pkg: TaskPackage) -> str:
    return "专职条线评分" if pkg.is_staff else "条线得分"


def write_template(pkg: TaskPackage, path: str | Path) -> Path:
    path = Path(path)
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    form = wb.create_sheet(form_name(pkg))
    cells, notes = _write_form(pkg, form)
    _write_guide(pkg, guide, form.title)
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    meta["A1"] = json.dumps({
        "format": "kaoji-template", "package_id": pkg.package_id, "year": pkg.year,
        "file_id": pkg.file_id, "dept": pkg.dept, "period": pkg.period,
        "token": template_token(pkg.secret, pkg.package_id), "sheet": form.title,
    }, ensure_ascii=False)
    for i, (key, ref) in enumerate(cells.items(), start=2):
        meta.cell(i, 1, json.dumps([key[0], list(key[1])], ensure_ascii=False))
        meta.cell(i, 2, ref)
        meta.cell(i, 3, fmt(pkg.maximum(key)))
        if key in notes:
            meta.cell(i, 4, notes[key])
    meta.protection.sheet = True
    wb.active = 1
    wb.save(path)
    return path


def _write_form(pkg: TaskPackage, ws: Any) -> tuple[dict[Key, str], dict[Key, str]]:
    """Header row, one row per community or person; returns key -> cell ref of
    the scores and of the 扣分说明 (line packages: after the score columns,
    last period's scores for reference, then a 扣分说明 column per line)."""
    first = 3 if pkg.is_staff else 2  # first score column
    heads = ["姓名", "社区"] if pkg.is_staff else ["社区"]
    heads += [f"{x.name}\n（0–{fmt(pkg.l_max if pkg.is_staff else x.full_marks)}）"
              for x in pkg.lines]
    if pkg.is_staff:
        heads.append("档次（参考）")
    previous = [] if pkg.is_staff or not pkg.previous_period else list(pkg.lines)
    noted = [] if pkg.is_staff else list(pkg.lines)
    heads += [f"{pkg.previous_period}（参考）\n{x.name}" for x in previous]
    heads += [f"扣分说明（选填）\n{x.name}" for x in noted]
    for c, text in enumerate(heads, start=1):
        cell = ws.cell(1, c, text)
        cell.font = Font(name=FONT, bold=True)
        cell.fill, cell.border = HEAD_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = 14 if c >= first else 16
    ws.row_dimensions[1].height = 48
    cells: dict[Key, str] = {}
    notes: dict[Key, str] = {}
    after = first + len(pkg.lines)  # first column after the scores
    for r, row in enumerate(pkg.rows, start=2):
        ws.cell(r, 1, row).font = Font(name=FONT)
        if pkg.is_staff:
            ws.cell(r, 2, pkg.staff[r - 2].community).font = Font(name=FONT)
        for c, line in enumerate(pkg.lines, start=first):
            key = pkg.cell_key(row, line.name)
            value = pkg.values.get(key)
            cell = ws.cell(r, c, None if value is None else float(value))
            cell.protection = Protection(locked=False)
            cell.fill, cell.border = INPUT_FILL, BOX
            cell.number_format = "0.00"
            cells[key] = cell.coordinate
        for c, line in enumerate(previous, start=after):
            value = pkg.previous.get(pkg.cell_key(row, line.name))
            cell = ws.cell(r, c, None if value is None else float(value))
            cell.number_format, cell.border = "0.00", BOX
        for c, line in enumerate(noted, start=after + len(previous)):
            cell = ws.cell(r, c)
            cell.protection = Protection(locked=False)
            cell.fill, cell.border = INPUT_FILL, BOX
            cell.number_format = "@"  # text: a note is never a formula or a number
            notes[pkg.cell_key(row, line.name)] = cell.coordinate
            ws.column_dimensions[get_column_letter(c)].width = 36
        if pkg.is_staff:
            _band_formula(pkg, ws, r, first)
    last_row = len(pkg.rows) + 1
    for c, line in enumerate(pkg.lines, start=first):
        top = fmt(pkg.l_max if pkg.is_staff else line.full_marks)
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=top,
                            allow_blank=True, showErrorMessage=True, showInputMessage=True,
                            errorTitle="分数超出范围", error=f"请输入 0 到 {top} 之间的数字。",
                            promptTitle=line.name, prompt=f"0–{top} 分，最多两位小数")
        col = get_column_letter(c)
        dv.add(f"{col}2:{col}{last_row}")
        ws.add_data_validation(dv)
    if pkg.is_staff:
        _ratio_block(pkg, ws, last_row + 2, first + len(pkg.lines))
    ws.freeze_panes = ws.cell(2, first)
    ws.protection.sheet = True
    return cells, notes


def _band_formula(pkg: TaskPackage, ws: Any, r: int, first: int) -> None:
    cols = [f"{get_column_letter(c)}{r}" for c in range(first, first + len(pkg.lines))]
    avg = f"AVERAGE({','.join(cols)})"
    hi, mid, lo = (fmt(b) for b in pkg.l_bands)
    formula = (f'=IF(COUNT({",".join(cols)})=0,"",IF({avg}>={hi},"优秀",'
               f'IF({avg}>={mid},"良好",IF({avg}>={lo},"合格","不合格"))))')
    ws.cell(r, first + len(pkg.lines), formula).font = Font(name=FONT)


def _ratio_block(pkg: TaskPackage, ws: Any, top: int, band_col: int) -> None:
    col = get_column_letter(band_col)
    rng = f"{col}2:{col}{top - 2}"
    title = ws.cell(top, 1, "3:5:2 比例参考（优秀:良好:合格，按已评分人数计）")
    title.font = Font(name=FONT, bold=True)
    for i, band in enumerate(("优秀", "良好", "合格", "不合格")):
        ws.cell(top + 1 + i, 1, band).font = Font(name=FONT)
        ws.cell(top + 1 + i, 2, f'=COUNTIF({rng},"{band}")')


def _write_guide(pkg: TaskPackage, ws: Any, form: str) -> None:
    rng = "0 到 50 分（L）" if pkg.is_staff else "0 到该条线满分"
    lines = [
        (f"{pkg.organisation} {pkg.title} 填报模板", ""),
        ("", ""),
        ("怎么填", f"1. 打开“{form}”工作表，在浅黄色格子里填写分数（{rng}），可保留两位小数。"),
        ("", "2. 表头和名单已锁定，不能修改；超出范围的数字会被拒绝。"),
        ("", "3. 不需要评分的格子留空。" + ("“档次（参考）”一栏按 48/44/40 分自动显示，"
                                      "请尽量按 3:5:2 的比例评定优秀、良好、合格。"
                                      if pkg.is_staff else
                                      "扣分的可在“扣分说明”栏写明扣分项目与分值（选填）；"
                                      "“（参考）”栏是上期得分，不必修改。")),
        ("", "4. 在下面填写分管领导姓名和签审日期，保存后把本文件交回考绩办。"),
        ("", ""),
        ("年度", str(pkg.year)),
        ("科室", pkg.dept),
        ("期次", pkg.period),
        ("任务包编号", pkg.package_id[:8]),
        ("分管领导签审", ""),
        ("签审日期", ""),
    ]
    for r, (a, b) in enumerate(lines, start=1):
        ws.cell(r, 1, a).font = Font(name=FONT, bold=bool(a))
        ws.cell(r, 2, b).font = Font(name=FONT, bold=r == 1, size=14 if r == 1 else 11)
    for ref in (SIGNER_CELL, DATE_CELL):
        ws[ref].protection = Protection(locked=False)
        ws[ref].fill, ws[ref].border = INPUT_FILL, BOX
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 90
    ws.protection.sheet = True


def is_template(path: Path) -> bool:
    """An .xlsx written by `write_template` (holds the hidden sheet); reads the
    zip directory and the workbook part only."""
    try:
        check_zip(path, "模板", max_file=MAX_FILE, max_members=MAX_MEMBERS,
                  max_total=MAX_INFLATED)
        wb = load_workbook(path, read_only=True)
        try:
            return META_SHEET in wb.sheetnames
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - not a readable workbook: not a return either
        return False


def read_template(path: str | Path) -> DepartmentReturn:
    """A filled template -> a return (origin Excel); every bad cell is listed."""
    path = Path(path)
    try:
        check_zip(path, "模板", max_file=MAX_FILE, max_members=MAX_MEMBERS,
                  max_total=MAX_INFLATED)
        raw = path.read_bytes()
        wb = load_workbook(path, data_only=False)  # formulas as formulas, never cached values
    except PackageError:
        raise
    except Exception as exc:  # whatever a crafted file holds: refuse it
        raise PackageError(f"“{path.name}”不是可读取的 Excel 文件或已损坏（{exc}），"
                           "未导入。") from exc
    if META_SHEET not in wb.sheetnames:
        raise PackageError(f"“{path.name}”不是由考绩桌面生成的科室填报模板，未导入。")
    try:
        head, form, cells, note_cells = _template_cells(wb)
    except Exception as exc:  # a damaged hidden sheet refuses, never crashes
        raise PackageError(f"“{path.name}”的模板信息已损坏，无法导入（{exc}）。") from exc
    values: dict[Key, Decimal | None] = {}
    problems = []
    notes: dict[Key, str] = {}
    for key, cell, top in cells:
        try:
            values[key] = _cell_score(cell, top)
        except v.BadValue as exc:
            problems.append(f"工作表“{form.title}”第 {cell.row} 行第 {cell.column_letter} 列"
                            f"（{'·'.join(key[1])}）：{exc}")
    for key, cell in note_cells.items():
        try:
            if text := v.note(_plain(cell.value)):
                notes[key] = text
        except v.BadValue as exc:
            problems.append(f"工作表“{form.title}”第 {cell.row} 行第 {cell.column_letter} 列"
                            f"（{'·'.join(key[1])} 的扣分说明）：{exc}")
    problems.extend(_foreign_rows(form, cells, note_cells))
    if problems:
        raise PackageError(f"“{path.name}”有 {len(problems)} 处错误，未导入：\n"
                           + "\n".join(problems[:50])
                           + (f"\n……共 {len(problems)} 处" if len(problems) > 50 else ""))
    signer, sign_date = _signing(wb, path)
    return DepartmentReturn(
        return_id=hashlib.sha256(raw).hexdigest()[:12], package_id=head["package_id"],
        year=head["year"], file_id=head["file_id"], dept=head["dept"],
        period=head["period"], signer=signer, sign_date=sign_date,
        saved_at=_saved_at(wb, path), sequence=0, values=values, origin=ORIGIN_EXCEL,
        mac=head["token"], source_name=path.name, notes=notes,
    )


def _signing(wb: Any, path: Path) -> tuple[str, str]:
    """The signing block of 填写说明, each cell named when it is wrong."""
    guide = wb[GUIDE_SHEET] if GUIDE_SHEET in wb.sheetnames else None
    out = []
    for ref, what, read in ((SIGNER_CELL, "分管领导签审", signer_name),
                            (DATE_CELL, "签审日期", sign_date_text)):
        try:
            out.append(read(_plain(_date_text(guide[ref].value)) if guide else ""))
        except v.BadValue as exc:
            raise PackageError(f"“{path.name}”的签审栏有误（工作表“{GUIDE_SHEET}”{ref}"
                               f"“{what}”：{exc}），未导入。") from None
    return out[0], out[1]


def _template_cells(wb: Any) -> tuple[dict[str, Any], Any, list[tuple[Key, Cell, Decimal]],
                                      dict[Key, Cell]]:
    """The hidden sheet's head, (key, cell, maximum) of every data cell and
    the 扣分说明 cell of each (templates before 扣分说明 have none). Every
    damage raises ValueError with a Chinese message naming the row."""
    meta = wb[META_SHEET]
    try:
        d = json.loads(_plain(meta["A1"].value))
    except json.JSONDecodeError:
        raise ValueError("模板信息无法读取") from None
    if not isinstance(d, dict):
        raise TypeError("模板信息格式不对")
    missing = [k for k in (*HEAD_FIELDS, "year") if k not in d]
    if missing:
        raise ValueError(f"模板信息缺少“{'、'.join(missing)}”")
    head: dict[str, Any] = {k: v.name(str(d[k]), k) for k in HEAD_FIELDS}
    head["year"] = int(v.number(d["year"], places=0))
    if head["sheet"] not in wb.sheetnames:
        raise ValueError(f"工作表“{head['sheet']}”不存在")
    form = wb[head["sheet"]]
    cells = []
    notes: dict[Key, Cell] = {}
    if meta.max_row > 100_000:
        raise ValueError("单元格过多")
    for r in range(2, meta.max_row + 1):
        try:
            k, cell, top, note = _meta_row(meta, form, r)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"隐藏工作表第 {r} 行：{exc}") from None
        cells.append((k, cell, top))
        if note is not None:
            notes[k] = note
    return head, form, cells, notes


def _foreign_rows(form: Any, cells: list[tuple[Key, Cell, Decimal]],
                  note_cells: dict[Key, Cell]) -> list[str]:
    """Rows the package does not have (a community typed in below the list)
    and data rows whose name was changed: their values would be dropped."""
    problems = []
    rows = {cell.row: key[1][0] for key, cell, _ in cells}
    columns = {cell.column for _, cell, _ in cells} | {c.column for c in note_cells.values()}
    for r in range(2, min(form.max_row, MAX_ROW) + 1):
        name = _shown(form.cell(r, 1).value)
        if r in rows:
            if name != rows[r]:
                problems.append(f"模板第{r}行应为“{rows[r]}”，现为“{name}”")
        elif any(form.cell(r, c).value not in (None, "") for c in columns):
            problems.append(f"模板第{r}行“{name or '（未填名称）'}”不在任务包中")
    return problems


def _shown(value: Any) -> str:
    return "" if value is None else str(value).strip()


HEAD_FIELDS = ("package_id", "file_id", "dept", "period", "token", "sheet")
_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # an .xlsx sheet's size


def _meta_row(meta: Any, form: Any,
              r: int) -> tuple[Key, Cell | MergedCell, Decimal, Cell | MergedCell | None]:
    """One row of the hidden sheet: key, score cell, maximum, 扣分说明 cell."""
    try:
        item = json.loads(_plain(meta.cell(r, 1).value))
    except json.JSONDecodeError:
        raise ValueError("单元格标识无法读取") from None
    if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], list)
            and item[0] in ("line_scores", "staff_line_scores")):
        raise ValueError("单元格标识无效")
    table, key = item
    cell = _cell_at(form, meta.cell(r, 2).value, "单元格")
    top = v.number(_plain(meta.cell(r, 3).value), Decimal(0))
    note_ref = meta.cell(r, 4).value
    note = _cell_at(form, note_ref, "扣分说明单元格") if _plain(note_ref) else None
    return (table, tuple(v.name(str(x)) for x in key)), cell, top, note


def _cell_at(form: Any, raw: Any, what: str) -> Cell | MergedCell:
    """The cell a reference like "B3" names; ValueError for anything else
    (openpyxl itself raises IndexError, ValueError … on "0", "A0", "B2:C3")."""
    text = _plain(raw)
    found = _REF.fullmatch(text)
    column = column_index_from_string(found[1]) if found else 0
    row = int(found[2]) if found else 0
    if not (1 <= column <= MAX_COLUMN and 1 <= row <= MAX_ROW):
        raise ValueError(f"{what}位置“{text}”无效")
    return form.cell(row, column)


def _plain(value: Any) -> str:
    """A cell of the hidden sheet or the signing block: text, never a formula."""
    if value is None:
        return ""
    text = str(value)
    if not isinstance(value, str | int | float | dt.date) or text.startswith("="):
        raise v.BadValue(FORMULA)
    return text.strip()


def _cell_score(cell: Any, top: Decimal) -> Decimal | None:
    value = cell.value
    if (isinstance(value, str) and value.startswith("=")) or \
            not isinstance(value, str | int | float | Decimal | dt.date | dt.time | type(None)):
        raise v.BadValue(FORMULA)  # ArrayFormula, DataTableFormula, "=B3+1", DDE …
    return v.score(value, top)


def _date_text(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return value


def _saved_at(wb: Any, path: Path) -> str:
    """When the template was last saved (workbook properties are UTC)."""
    modified = wb.properties.modified
    if isinstance(modified, dt.datetime):
        local = modified.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    else:
        local = dt.datetime.fromtimestamp(path.stat().st_mtime)
    return local.isoformat(timespec="microseconds")
