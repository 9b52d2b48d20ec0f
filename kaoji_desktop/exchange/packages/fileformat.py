"""The .kjtask and .kjret files: UTF-8 JSON inside a zip (its CRC catches
damage), and the HMAC-SHA256 that seals a return's content."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from kaoji_desktop.exchange.packages.model import (
    DepartmentReturn,
    Key,
    PackageError,
    PackageLine,
    PackageStaff,
    TaskPackage,
    fmt_value,
)

TASK_SUFFIX = ".kjtask"
RETURN_SUFFIX = ".kjret"
TASK_FORMAT = "kaoji-task"
RETURN_FORMAT = "kaoji-return"
VERSION = 1
MEMBER = "content.json"


def canonical(obj: Any) -> bytes:
    """The bytes the HMAC is computed over: sorted keys, no spaces, UTF-8."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def sign(secret: str, content: Any) -> str:
    return hmac.new(bytes.fromhex(secret), canonical(content), hashlib.sha256).hexdigest()


def signature_ok(secret: str, content: Any, mac: str) -> bool:
    # as bytes: compare_digest refuses str with non-ASCII characters (a damaged MAC)
    return hmac.compare_digest(sign(secret, content).encode(), str(mac).encode("utf-8"))


def values_to_json(values: dict[Key, Decimal | None]) -> list[list[Any]]:
    out = [[t, list(k), None if v is None else fmt_value(v)] for (t, k), v in values.items()]
    return sorted(out, key=lambda x: (x[0], x[1]))


def values_from_json(items: Any) -> dict[Key, Decimal | None]:
    out: dict[Key, Decimal | None] = {}
    for table, key, value in items:
        if not isinstance(table, str) or not all(isinstance(k, str) for k in key):
            raise ValueError("bad key")
        out[(table, tuple(key))] = None if value is None else Decimal(str(value))
    return out


# --- packages ---------------------------------------------------------------

def package_to_json(pkg: TaskPackage) -> dict[str, Any]:
    return {
        "format": TASK_FORMAT, "version": VERSION,
        "package_id": pkg.package_id, "year": pkg.year, "organisation": pkg.organisation,
        "file_id": pkg.file_id, "dept": pkg.dept, "period": pkg.period,
        "lines": [[x.name, fmt_value(x.full_marks), x.cycle] for x in pkg.lines],
        "communities": list(pkg.communities),
        "staff": [[s.person, s.community] for s in pkg.staff],
        "values": values_to_json(pkg.values),
        "secret": pkg.secret, "issued_at": pkg.issued_at,
        "l_max": fmt_value(pkg.l_max), "l_bands": [fmt_value(b) for b in pkg.l_bands],
        "staff_ratio": list(pkg.staff_ratio),
    }


def package_from_json(d: dict[str, Any]) -> TaskPackage:
    if d.get("format") != TASK_FORMAT:
        raise PackageError("这不是考绩任务包文件。")
    _check_version(d)
    bands = tuple(Decimal(b) for b in d["l_bands"])
    ratio = tuple(int(r) for r in d["staff_ratio"])
    return TaskPackage(
        package_id=str(d["package_id"]), year=int(d["year"]),
        organisation=str(d["organisation"]), file_id=str(d["file_id"]),
        dept=str(d["dept"]), period=str(d["period"]),
        lines=tuple(PackageLine(str(n), Decimal(str(f)), str(c)) for n, f, c in d["lines"]),
        communities=tuple(str(c) for c in d["communities"]),
        staff=tuple(PackageStaff(str(p), str(c)) for p, c in d["staff"]),
        values=values_from_json(d["values"]), secret=str(d["secret"]),
        issued_at=str(d["issued_at"]), l_max=Decimal(str(d["l_max"])),
        l_bands=(bands[0], bands[1], bands[2]), staff_ratio=(ratio[0], ratio[1], ratio[2]),
    )


def write_package(pkg: TaskPackage, path: str | Path) -> Path:
    path = Path(path)
    _write_zip(path, package_to_json(pkg))
    return path


def read_package(path: str | Path) -> TaskPackage:
    path = Path(path)
    data = _read_zip(path, "任务包")
    try:
        return package_from_json(data)
    except PackageError:
        raise
    except (KeyError, TypeError, ValueError, ArithmeticError, IndexError) as exc:
        raise PackageError(f"任务包“{path.name}”内容不完整或已损坏（{exc}），无法打开。") from exc


# --- returns ----------------------------------------------------------------

def return_content(ret: DepartmentReturn) -> dict[str, Any]:
    """Everything of a return that the HMAC covers."""
    return {
        "format": RETURN_FORMAT, "version": VERSION,
        "return_id": ret.return_id, "package_id": ret.package_id, "year": ret.year,
        "file_id": ret.file_id, "dept": ret.dept, "period": ret.period,
        "signer": ret.signer, "sign_date": ret.sign_date, "saved_at": ret.saved_at,
        "sequence": ret.sequence, "origin": ret.origin, "values": values_to_json(ret.values),
    }


def write_return(ret: DepartmentReturn, path: str | Path) -> Path:
    path = Path(path)
    _write_zip(path, return_content(ret) | {"mac": ret.mac})
    return path


def read_return(path: str | Path) -> DepartmentReturn:
    path = Path(path)
    d = _read_zip(path, "回执")
    if d.get("format") != RETURN_FORMAT:
        raise PackageError(f"“{path.name}”不是考绩回执文件。")
    try:
        _check_version(d)
        return DepartmentReturn(
            return_id=str(d["return_id"]), package_id=str(d["package_id"]),
            year=int(d["year"]), file_id=str(d["file_id"]), dept=str(d["dept"]),
            period=str(d["period"]), signer=str(d["signer"]), sign_date=str(d["sign_date"]),
            saved_at=str(d["saved_at"]), sequence=int(d["sequence"]),
            values=values_from_json(d["values"]), origin="程序",  # a .kjret is always sealed
            mac=str(d["mac"]), source_name=path.name,
        )
    except PackageError:
        raise
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise PackageError(f"回执“{path.name}”内容不完整或已损坏（{exc}），未合并。") from exc


# --- zip container ----------------------------------------------------------

def _check_version(d: dict[str, Any]) -> None:
    if int(d.get("version", 0)) > VERSION:
        raise PackageError("此文件由更新版本的考绩桌面生成，请升级程序后再打开。")


def _write_zip(path: Path, obj: dict[str, Any]) -> None:
    """Write atomically: a half-written file never replaces a good one."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MEMBER, json.dumps(obj, ensure_ascii=False, indent=1))
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(buf.getvalue())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _read_zip(path: Path, what: str) -> dict[str, Any]:
    if not path.is_file():
        raise PackageError(f"找不到{what}文件：{path}")
    try:
        with zipfile.ZipFile(path) as zf:
            raw = zf.read(MEMBER)
        data = json.loads(raw.decode("utf-8"))
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, json.JSONDecodeError,
            OSError, EOFError, zipfile.LargeZipFile) as exc:
        raise PackageError(f"{what}文件“{path.name}”已损坏或不是考绩{what}，无法读取。") from exc
    except Exception as exc:
        raise PackageError(f"{what}文件“{path.name}”已损坏，无法读取（{exc}）。") from exc
    if not isinstance(data, dict):
        raise PackageError(f"{what}文件“{path.name}”内容格式不对，无法读取。")
    return data
