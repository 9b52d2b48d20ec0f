"""The department's side: checking entered values and sealing a return."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from decimal import Decimal

from kaoji_desktop.exchange.packages.fileformat import RETURN_SUFFIX, return_content, sign
from kaoji_desktop.exchange.packages.model import (
    DepartmentReturn,
    Key,
    PackageError,
    TaskPackage,
    fmt_value,
    key_label,
)


def value_problems(pkg: TaskPackage, values: dict[Key, Decimal | None]) -> list[str]:
    """Every value outside its package or its range, in Chinese."""
    problems = []
    for key, value in values.items():
        if key not in pkg.values:
            problems.append(f"{key_label(key)}：不在任务包范围内")
        elif value is not None and not (0 <= value <= pkg.maximum(key)):
            problems.append(f"{key_label(key)}：{fmt_value(value)} 超出范围"
                            f"（0–{fmt_value(pkg.maximum(key))}）")
    return problems


def make_return(pkg: TaskPackage, values: dict[Key, Decimal | None], *, signer: str,
                sign_date: str, previous: DepartmentReturn | None = None,
                origin: str = "程序") -> DepartmentReturn:
    """Seal the department's values (every cell of the package) as a return."""
    problems = value_problems(pkg, values)
    if problems:
        raise PackageError("有数值不能保存：\n" + "\n".join(problems))
    full = dict(pkg.values) | dict(values)
    ret = DepartmentReturn(
        return_id=uuid.uuid4().hex[:12], package_id=pkg.package_id, year=pkg.year,
        file_id=pkg.file_id, dept=pkg.dept, period=pkg.period, signer=signer.strip(),
        sign_date=sign_date, saved_at=dt.datetime.now().isoformat(timespec="microseconds"),
        sequence=(previous.sequence + 1) if previous else 1, values=full, origin=origin,
    )
    return replace(ret, mac=sign(pkg.secret, return_content(ret)))


def default_return_name(pkg: TaskPackage) -> str:
    """回执 file name: year, department, period — what the clerk sorts by."""
    return f"{pkg.year}-{pkg.dept}-{pkg.period}-回执{RETURN_SUFFIX}"
