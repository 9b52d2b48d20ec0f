"""The .kjtask and .kjret contents: JSON fields, and the HMAC-SHA256 that
seals a return's content. The zip around them is `container.py`.

Reading is strict, since a file may be crafted: every field is type-checked
and every value goes through `core.values`. Whatever a file contains ends as
a `PackageError` with a Chinese message, never as another exception.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from kaoji_desktop.core import values as v
from kaoji_desktop.exchange.packages.container import (
    read_json_zip,
    why,
    write_json_zip,
)
from kaoji_desktop.exchange.packages.model import (
    LINE_TABLE,
    ORIGIN_PROGRAM,
    STAFF_TABLE,
    DepartmentReturn,
    Key,
    PackageError,
    PackageLine,
    PackageStaff,
    TaskPackage,
)
from kaoji_desktop.exchange.packages.signing import signing

TASK_SUFFIX = ".kjtask"
RETURN_SUFFIX = ".kjret"
TASK_FORMAT = "kaoji-task"
RETURN_FORMAT = "kaoji-return"
VERSION = 2  # the newest format this program reads
# Packages stay at 1: last period's scores are an optional addition an older
# program ignores. A return is written as 2 only when it carries 扣分说明 (an
# older clerk's program then asks to upgrade instead of calling it altered).
TASK_VERSION = 1
NOTES_VERSION = 2
KEY_LENGTH = {LINE_TABLE: 3, STAFF_TABLE: 2}


def canonical(obj: Any) -> bytes:
    """The bytes the HMAC is computed over: sorted keys, no spaces, UTF-8."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def sign(secret: str, content: Any) -> str:
    return hmac.new(bytes.fromhex(secret), canonical(content), hashlib.sha256).hexdigest()


def check_secret(secret: str) -> str:
    """A package's secret (hex): ValueError in Chinese when it is damaged."""
    try:
        bytes.fromhex(secret)
    except (ValueError, TypeError):
        raise ValueError("任务包的密钥已损坏") from None
    return secret


def signature_ok(secret: str, content: Any, mac: str) -> bool:
    # as bytes: compare_digest refuses str with non-ASCII characters (a damaged MAC)
    try:
        expected = sign(secret, content)
    except (ValueError, TypeError):  # a damaged secret in the clerk's record
        return False
    return hmac.compare_digest(expected.encode(), str(mac).encode("utf-8", "replace"))


def values_to_json(values: dict[Key, Decimal | None]) -> list[list[Any]]:
    out = [[t, list(k), None if x is None else v.fmt(x)] for (t, k), x in values.items()]
    return sorted(out, key=lambda x: (x[0], x[1]))


def notes_to_json(notes: dict[Key, str]) -> list[list[Any]]:
    return sorted(([t, list(k), n] for (t, k), n in notes.items() if n),
                  key=lambda x: (x[0], x[1]))


def _key(table: Any, key: Any) -> Key:
    if table not in KEY_LENGTH or not isinstance(key, list) or len(key) != KEY_LENGTH[table]:
        raise ValueError(f"无效的单元格标识 {v.shown(table)}")
    if not all(isinstance(k, str) for k in key):
        raise ValueError("单元格标识不是文字")
    return (table, tuple(v.name(k) for k in key))


def values_from_json(items: Any) -> dict[Key, Decimal | None]:
    """[[table, [key...], "9.5" | null], ...] -> values; every value read by
    `core.values` (finite, no exponent, at most two decimals, never -0)."""
    if not isinstance(items, list):
        raise TypeError("数值列表格式不对")
    out: dict[Key, Decimal | None] = {}
    for item in items:
        if not isinstance(item, list) or len(item) != 3:
            raise ValueError("数值条目格式不对")
        table, key, value = item
        k = _key(table, key)
        if k in out:
            raise ValueError(f"{'·'.join(k[1])} 出现了两次")
        try:
            out[k] = None if value is None else v.number(value)
        except v.BadValue as exc:
            raise ValueError(f"{'·'.join(k[1])}：{exc}") from None
    return out


def notes_from_json(items: Any, cells: dict[Key, Any]) -> dict[Key, str]:
    if items is None:
        return {}
    if not isinstance(items, list):
        raise TypeError("扣分说明格式不对")
    out: dict[Key, str] = {}
    for item in items:
        if not isinstance(item, list) or len(item) != 3 or not isinstance(item[2], str):
            raise ValueError("扣分说明条目格式不对")
        k = _key(item[0], item[1])
        if k not in cells:
            raise ValueError(f"扣分说明的单元格 {'·'.join(k[1])} 不在回执中")
        try:
            out[k] = v.note(item[2])
        except v.BadValue as exc:
            raise ValueError(f"{'·'.join(k[1])}：{exc}") from None
    return {k: n for k, n in out.items() if n}


def _text(d: dict[str, Any], key: str, limit: int = v.NAME_MAX) -> str:
    value = d[key]
    if not isinstance(value, str):
        raise TypeError(f"“{key}”不是文字")
    return v.name(value, f"“{key}”", limit)


def _int(d: dict[str, Any], key: str) -> int:
    value = d[key]
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"“{key}”不是整数")
    number = v.decimal(value)
    if number != number.to_integral_value():
        raise ValueError(f"“{key}”不是整数")
    return int(number)


def _list(d: dict[str, Any], key: str) -> list[Any]:
    value = d[key]
    if not isinstance(value, list):
        raise TypeError(f"“{key}”格式不对")
    return value


# --- packages ---------------------------------------------------------------

def package_to_json(pkg: TaskPackage) -> dict[str, Any]:
    return {
        "format": TASK_FORMAT, "version": TASK_VERSION,
        "package_id": pkg.package_id, "year": pkg.year, "organisation": pkg.organisation,
        "file_id": pkg.file_id, "dept": pkg.dept, "period": pkg.period,
        "lines": [[x.name, v.fmt(x.full_marks), x.cycle] for x in pkg.lines],
        "communities": list(pkg.communities),
        "staff": [[s.person, s.community] for s in pkg.staff],
        "values": values_to_json(pkg.values),
        "secret": pkg.secret, "issued_at": pkg.issued_at,
        "l_max": v.fmt(pkg.l_max), "l_bands": [v.fmt(b) for b in pkg.l_bands],
        "staff_ratio": list(pkg.staff_ratio),
        "previous_period": pkg.previous_period, "previous": values_to_json(pkg.previous),
    }


def package_from_json(d: dict[str, Any]) -> TaskPackage:
    if d.get("format") != TASK_FORMAT:
        raise PackageError("这不是考绩任务包文件。")
    _check_version(d)
    bands = tuple(v.number(b, Decimal(0)) for b in _list(d, "l_bands"))
    ratio = tuple(int(v.number(r, Decimal(0), Decimal(100), places=0))
                  for r in _list(d, "staff_ratio"))
    if len(bands) != 3 or len(ratio) != 3:
        raise ValueError("等次设置不完整")
    lines = []
    for item in _list(d, "lines"):
        if not (isinstance(item, list) and len(item) == 3
                and isinstance(item[0], str) and isinstance(item[2], str)):
            raise ValueError("条线格式不对")
        line = v.name(item[0], "条线")
        lines.append(PackageLine(line, v.number(item[1], Decimal(0),
                                                label=f"条线“{line}”的满分"),
                                 v.name(item[2], "评分周期")))
    staff = []
    for item in _list(d, "staff"):
        if not (isinstance(item, list) and len(item) == 2
                and all(isinstance(x, str) for x in item)):
            raise ValueError("人员格式不对")
        staff.append(PackageStaff(v.name(item[0], "姓名"), v.name(item[1], "社区")))
    communities = _list(d, "communities")
    if not all(isinstance(c, str) for c in communities):
        raise ValueError("社区格式不对")
    pkg = TaskPackage(
        package_id=_text(d, "package_id"), year=_int(d, "year"),
        organisation=_text(d, "organisation"), file_id=_text(d, "file_id"),
        dept=_text(d, "dept"), period=_text(d, "period"),
        lines=tuple(lines), communities=tuple(v.name(c, "社区") for c in communities),
        staff=tuple(staff), values=values_from_json(d["values"]), secret=_text(d, "secret"),
        issued_at=_text(d, "issued_at"), l_max=v.number(d["l_max"], Decimal(0)),
        l_bands=(bands[0], bands[1], bands[2]), staff_ratio=(ratio[0], ratio[1], ratio[2]),
        previous_period=str(d.get("previous_period") or ""),
        previous=values_from_json(d.get("previous") or []),
    )
    check_secret(pkg.secret)
    for key, value in pkg.values.items():
        top = _maximum(pkg, key)
        if value is not None:
            v.check_range(value, Decimal(0), top, "·".join(key[1]))
    return pkg


def _maximum(pkg: TaskPackage, key: Key) -> Decimal:
    """A cell's top, refusing a cell whose line the package does not list."""
    if key[0] == STAFF_TABLE:
        return pkg.l_max
    for line in pkg.lines:
        if line.name == key[1][1]:
            return line.full_marks
    raise ValueError(f"条线“{key[1][1]}”不在任务包中")


def write_package(pkg: TaskPackage, path: str | Path) -> Path:
    path = Path(path)
    write_json_zip(path, package_to_json(pkg))
    return path


def read_package(path: str | Path) -> TaskPackage:
    path = Path(path)
    data = read_json_zip(path, "任务包")
    try:
        return package_from_json(data)
    except PackageError:
        raise
    except Exception as exc:  # whatever a crafted file holds: refuse it
        raise PackageError(f"任务包“{path.name}”内容不完整或已损坏（{why(exc)}），无法打开。") \
            from exc


# --- returns ----------------------------------------------------------------

def return_content(ret: DepartmentReturn) -> dict[str, Any]:
    """Everything of a return that the HMAC covers."""
    content = {
        "format": RETURN_FORMAT, "version": ret.version,
        "return_id": ret.return_id, "package_id": ret.package_id, "year": ret.year,
        "file_id": ret.file_id, "dept": ret.dept, "period": ret.period,
        "signer": ret.signer, "sign_date": ret.sign_date, "saved_at": ret.saved_at,
        "sequence": ret.sequence, "origin": ret.origin, "values": values_to_json(ret.values),
    }
    if ret.notes:
        content["notes"] = notes_to_json(ret.notes)
    return content


def sealed_with(secret: str, ret: DepartmentReturn) -> bool:
    """The return's HMAC is right for `secret`: computed over the content as
    it was read (or, for a return made here, as it would be written)."""
    content = ret.signed_content if ret.signed_content is not None else return_content(ret)
    return signature_ok(secret, content, ret.mac)


def write_return(ret: DepartmentReturn, path: str | Path) -> Path:
    path = Path(path)
    write_json_zip(path, return_content(ret) | {"mac": ret.mac})
    return path


def read_return(path: str | Path) -> DepartmentReturn:
    path = Path(path)
    d = read_json_zip(path, "回执")
    if d.get("format") != RETURN_FORMAT:
        raise PackageError(f"“{path.name}”不是考绩回执文件，未合并。")
    try:
        _check_version(d)
        cells = values_from_json(d["values"])
        ret = DepartmentReturn(
            return_id=_text(d, "return_id"), package_id=_text(d, "package_id"),
            year=_int(d, "year"), file_id=_text(d, "file_id"), dept=_text(d, "dept"),
            period=_text(d, "period"), signer=_text(d, "signer"),
            sign_date=_text(d, "sign_date"), saved_at=_text(d, "saved_at"),
            sequence=_int(d, "sequence"), values=cells,
            origin=ORIGIN_PROGRAM,  # a .kjret is always sealed
            mac=_text(d, "mac"), source_name=path.name,
            notes=notes_from_json(d.get("notes"), cells), version=_int(d, "version"),
            signed_content={k: x for k, x in d.items() if k != "mac"},
        )
    except PackageError:
        raise
    except Exception as exc:  # whatever a crafted file holds: refuse it
        raise PackageError(f"回执“{path.name}”内容不完整或已损坏（{why(exc)}），未合并。") \
            from exc
    if ret.sequence < 1:
        raise PackageError(f"回执“{path.name}”的保存序号无效（{ret.sequence}），未合并。")
    try:  # the HMAC still covers the fields as read (signed_content)
        signer, sign_date = signing(ret.signer, ret.sign_date)
    except v.BadValue as exc:
        raise PackageError(f"回执“{path.name}”的签审栏有误：{exc}，未合并。") from None
    return replace(ret, signer=signer, sign_date=sign_date)


# --- versions ---------------------------------------------------------------

def _check_version(d: dict[str, Any]) -> None:
    version = d.get("version", 0)
    if isinstance(version, bool) or not isinstance(version, int | str):
        raise PackageError("文件的版本号无效，无法读取。")
    try:
        number = v.number(version, places=0)
    except v.BadValue:
        raise PackageError("文件的版本号无效，无法读取。") from None
    if number > VERSION:
        raise PackageError("此文件由更新版本的考绩桌面生成，请升级程序后再打开。")
