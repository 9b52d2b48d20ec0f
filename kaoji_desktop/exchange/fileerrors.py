"""File-system failures told in Chinese, naming the file the clerk chose.

`FileProblem` is an `OSError` whose text is the Chinese message, so callers
that already catch `OSError` show it as it is. `check_output` refuses, before
any work, an output whose folder is missing or which is itself a folder.
"""

from __future__ import annotations

import errno
from pathlib import Path


class FileProblem(OSError):
    """An OSError whose str() is a Chinese message naming the file."""

    def __init__(self, code: int | None, message: str, path: str | Path | None = None) -> None:
        super().__init__(code or 0, message, None if path is None else str(path))
        self.message = message

    def __str__(self) -> str:
        return self.message


def os_message(exc: OSError, path: str | Path | None = None) -> str:
    """A Chinese sentence for `exc`, naming `path` (else the error's own file)."""
    if isinstance(exc, FileProblem):
        return exc.message
    name = str(path if path is not None else exc.filename or "")
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        return f"无法读写“{name}”：没有权限，或文件正被其他程序（如Excel、WPS）打开。请关闭后重试。"
    if code == errno.ENOENT:
        return f"找不到“{name}”，或其所在的文件夹不存在。"
    if code == errno.EISDIR:
        return f"“{name}”是一个文件夹，不是文件。"
    if code == errno.ENOTDIR:
        return f"“{name}”的路径中有一段不是文件夹。"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        return f"磁盘空间不足，无法写入“{name}”。请腾出磁盘空间后再试。"
    if code in (errno.EBUSY, getattr(errno, "ETXTBSY", -1)):
        return f"“{name}”正被其他程序占用，请关闭该程序后再试。"
    if code == errno.EIO:
        return f"读写“{name}”时出错：请检查U盘、移动硬盘或网络共享是否仍然连接，然后再试。"
    if code == errno.EROFS:
        return f"“{name}”所在的磁盘是只读的，无法写入。"
    if code == errno.ENAMETOOLONG:
        return f"文件名或路径太长：“{name}”。"
    return f"文件操作失败：“{name}”（错误代码 {code}）。"


def check_output(path: str | Path, what: str = "文件") -> Path:
    """Raise `FileProblem` unless `path` can be a file in an existing folder."""
    path = Path(path)
    if path.is_dir():
        raise FileProblem(errno.EISDIR, f"“{path}”是一个文件夹，不能作为{what}。", path)
    parent = path.parent
    if not parent.is_dir():
        raise FileProblem(errno.ENOENT,
                          f"文件夹不存在：“{parent}”（{what}“{path.name}”无法保存）。", path)
    return path
