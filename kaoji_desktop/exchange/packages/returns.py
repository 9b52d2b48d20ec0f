"""The department's side: checking entered values and sealing a return."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from decimal import Decimal

from kaoji_desktop.core import values as v
from kaoji_desktop.exchange.packages.fileformat import (
    NOTES_VERSION,
    RETURN_SUFFIX,
    return_content,
    sign,
)
from kaoji_desktop.exchange.packages.model import (
    DepartmentReturn,
    Key,
    PackageError,
    TaskPackage,
    key_label,
)
from kaoji_desktop.exchange.packages.signing import signing


def value_problems(pkg: TaskPackage, values: dict[Key, Decimal | None],
                   notes: dict[Key, str] | None = None) -> list[str]:
    """Every value outside its package, its range or the two-decimal rule,
    and every note too long, in Chinese (the checks of `core.values`)."""
    problems = []
    for key, value in values.items():
        if key not in pkg.values:
            problems.append(f"{key_label(key)}：不在任务包范围内")
        elif value is not None:
            try:
                v.number(value, Decimal(0), pkg.maximum(key))
            except v.BadValue as exc:
                problems.append(f"{key_label(key)}：{exc}")
    for key, text in (notes or {}).items():
        if key not in pkg.values:
            problems.append(f"{key_label(key)}：扣分说明不在任务包范围内")
        else:
            try:
                v.note(text)
            except v.BadValue as exc:
                problems.append(f"{key_label(key)}：{exc}")
    return problems


def make_return(pkg: TaskPackage, values: dict[Key, Decimal | None], *, signer: str,
                sign_date: str, previous: DepartmentReturn | None = None,
                sequence: int | None = None, notes: dict[Key, str] | None = None,
                origin: str = "程序") -> DepartmentReturn:
    """Seal the department's values (every cell of the package) as a return.

    `sequence` orders the returns of a package (the clerk merges only a
    higher one than it has): the window passes its own save counter; by
    default one more than `previous`."""
    problems = value_problems(pkg, values, notes)
    try:
        signer, sign_date = signing(signer, sign_date)
    except v.BadValue as exc:
        problems.append(str(exc))
    if problems:
        raise PackageError("有数值不能保存：\n" + "\n".join(problems))
    full = {k: None if x is None else v.normalise(x)
            for k, x in (dict(pkg.values) | values).items()}
    if sequence is None:
        sequence = (previous.sequence + 1) if previous else 1
    ret = DepartmentReturn(
        return_id=uuid.uuid4().hex[:12], package_id=pkg.package_id, year=pkg.year,
        file_id=pkg.file_id, dept=pkg.dept, period=pkg.period, signer=signer,
        sign_date=sign_date, saved_at=dt.datetime.now().isoformat(timespec="microseconds"),
        sequence=sequence, values=full, origin=origin,
        notes=(kept := {k: t for k, n in (notes or {}).items() if (t := v.note(n))}),
        version=NOTES_VERSION if kept else 1,
    )
    return replace(ret, mac=sign(pkg.secret, return_content(ret)))


def default_return_name(pkg: TaskPackage) -> str:
    """回执 file name: year, department, period — what the clerk sorts by."""
    return f"{pkg.year}-{pkg.dept}-{pkg.period}-回执{RETURN_SUFFIX}"
