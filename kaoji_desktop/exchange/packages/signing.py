"""The signing block of a return (分管领导签审): who signed it and when.

One reader for both routes, a sealed .kjret and a filled template: the HMAC
only proves the department's program wrote the file, not that someone signed
it, so an empty signer or a date that is not one is refused in either.
An empty date is allowed: the 签审表 then leaves it to be written by hand.
"""

from __future__ import annotations

import datetime as dt
import re

from kaoji_desktop.core import values as v

SIGNER = "分管领导姓名"
SIGN_DATE = "签审日期"
# 2017-10-10, 2017/10/10, 2017.10.10, 2017年10月10日 (how a clerk types it in Excel)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def signer_name(raw: object) -> str:
    """The signing leader's name; BadValue when empty or too long."""
    name = v.name(raw, SIGNER)
    if not name:
        raise v.BadValue(f"{SIGNER}未填写")
    return name


def sign_date_text(raw: object) -> str:
    """The signing date as yyyy-mm-dd ("" when left empty); BadValue when the
    text is not a calendar date."""
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    text = v.name(raw, SIGN_DATE)
    if not text:
        return ""
    found = _DATE.fullmatch(text)
    try:
        if found is None:
            raise ValueError(text)
        year, month, day = (int(x) for x in found.groups())
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise v.BadValue(f"{SIGN_DATE}“{text}”不是日期，应写成年-月-日，如 2017-10-10") \
            from None


def signing(signer: object, sign_date: object) -> tuple[str, str]:
    """(signer, sign date) of a return, or BadValue saying which is wrong."""
    return signer_name(signer), sign_date_text(sign_date)
