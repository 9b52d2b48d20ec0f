"""The zip container of .kjtask and .kjret files: one UTF-8 JSON member,
written atomically, read in bounded memory.

A crafted file is refused before anything is inflated: too big on disk, an
end record declaring more members (or a bigger directory) than allowed,
anything but the one expected member, or members that would inflate past
the limit (from the zip's own directory, and again while inflating). JSON
non-numbers (NaN, Infinity) are refused and floats kept as text, so every
number is read by `core.values`.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
from pathlib import Path
from typing import Any

from kaoji_desktop.core import values as v
from kaoji_desktop.exchange.packages.model import PackageError

MEMBER = "content.json"
MB = 1024 * 1024
MAX_FILE = 4 * MB  # bytes on disk; a district's staff package is ~0.1 MB
MAX_MEMBER = 16 * MB  # bytes of content.json once inflated (~1 MB for a district)
OUTCOME = {"回执": "未合并", "任务包": "无法打开", "模板": "未导入"}  # what a refusal means


def write_json_zip(path: Path, obj: dict[str, Any]) -> None:
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


_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
DIRECTORY_ENTRY_MAX = 1024


def zip_directory(fh: Any, size: int) -> tuple[int, int] | None:
    """(members, bytes of the central directory) a zip declares in its end
    record, read before `zipfile` builds its directory (a crafted file may
    declare millions); None if there is no end record."""
    tail = min(size, _EOCD_SIZE + 0xFFFF)
    fh.seek(size - tail)
    data = fh.read(tail)
    at = data.rfind(_EOCD)
    if at < 0 or len(data) - at < _EOCD_SIZE:
        return None
    _, _, _, _, total, directory = struct.unpack("<4s4HL", data[at:at + 16])
    return int(total), int(directory)


def check_zip(path: Path, what: str, *, max_file: int, max_members: int,
              max_total: int, only: str | None = None) -> None:
    """Refuse at once (without inflating) a zip that is too big on disk, has
    more members than `max_members` (or, with `only`, anything but that one
    member), or whose members would inflate past `max_total` bytes."""
    end = OUTCOME.get(what, "未读取")
    size = path.stat().st_size
    if size > max_file:
        raise PackageError(f"{what}文件“{path.name}”过大（{size / MB:.1f} MB，"
                           f"最多 {max_file / MB:.0f} MB），不是考绩{what}，{end}。")
    with open(path, "rb") as fh:
        declared = zip_directory(fh, size)
    if declared is None:
        raise zipfile.BadZipFile("no end record")
    count, directory = declared
    # an entry of the directory is 46 bytes plus its name and extras (< 1 KB here)
    if count > max_members:
        raise PackageError(f"{what}文件“{path.name}”含有 {count} 个成员（应不多于 "
                           f"{max_members} 个），不是考绩{what}，{end}。")
    if directory > max_members * DIRECTORY_ENTRY_MAX:
        raise PackageError(f"{what}文件“{path.name}”的目录过大（{directory} 字节），"
                           f"不是考绩{what}，{end}。")
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        if only is not None and [i.filename for i in infos] != [only]:
            names = "、".join(v.shown(i.filename) for i in infos[:3])
            raise PackageError(f"{what}文件“{path.name}”已损坏或不是考绩{what}（应只含 {only}，"
                               f"实含：{names or '无'}），{end}。")
        total = sum(i.file_size for i in infos)
        if total > max_total or any(i.file_size > max_total for i in infos):
            raise PackageError(f"{what}文件“{path.name}”解压后过大（{total / MB:.0f} MB，"
                               f"最多 {max_total / MB:.0f} MB），{end}。")


def _read_member(path: Path, what: str) -> bytes:
    with zipfile.ZipFile(path) as zf, zf.open(MEMBER) as member:
        raw = member.read(MAX_MEMBER + 1)  # bounded even if the directory lied
    if len(raw) > MAX_MEMBER:
        raise PackageError(f"{what}文件“{path.name}”解压后过大，{OUTCOME[what]}。")
    return raw


def read_json_zip(path: Path, what: str) -> dict[str, Any]:
    end = OUTCOME[what]
    if not path.is_file():
        raise PackageError(f"找不到{what}文件：{path}，{end}。")
    try:
        check_zip(path, what, max_file=MAX_FILE, max_members=1, max_total=MAX_MEMBER,
                  only=MEMBER)
        raw = _read_member(path, what)
        data = json.loads(raw.decode("utf-8"), parse_float=str, parse_constant=_no_constant)
    except PackageError:
        raise
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, json.JSONDecodeError,
            EOFError, zipfile.LargeZipFile, NotImplementedError, struct.error) as exc:
        raise PackageError(f"{what}文件“{path.name}”已损坏或不是考绩{what}，无法读取，"
                           f"{end}。") from exc
    except OSError as exc:
        raise PackageError(f"{what}文件“{path.name}”无法读取（{exc.strerror or exc}），"
                           f"{end}。") from exc
    except Exception as exc:  # zlib errors, RecursionError, huge ints …
        raise PackageError(f"{what}文件“{path.name}”已损坏，无法读取（{why(exc)}），"
                           f"{end}。") from exc
    if not isinstance(data, dict):
        raise PackageError(f"{what}文件“{path.name}”内容格式不对，无法读取，{end}。")
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"不是有效的数字：{name}")


def why(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"缺少“{v.shown(exc.args[0] if exc.args else '')}”"
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"
