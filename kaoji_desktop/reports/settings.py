"""公示 settings: what the clerk edits around the publicity sheets.

Kept as JSON in the year file's meta under "publicity", so each year remembers
its own dates, phone and issuer.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from typing import Any, Protocol

from kaoji_desktop.store.stages import FIRST_PUBLICITY, SECOND_PUBLICITY, STAGE_KEY, STAGES

META_KEY = "publicity"
STAGE_META_KEY = STAGE_KEY  # the year's procedure stage (store.stages)
VARIANTS = ("第一次公示", "第二次公示")
# the procedure stage (RULES.md §4) a variant needs; printed earlier it is a draft
VARIANT_STAGE = {VARIANTS[0]: FIRST_PUBLICITY, VARIANTS[1]: SECOND_PUBLICITY}
DEFAULT_DAYS = 3
DEFAULT_OBJECTION = (
    "公示期间，如对公示结果有异议，请以书面或电话形式向{issuer}反映。"
    "监督电话：{phone}，联系人：{contact}。"
)


class MetaStore(Protocol):
    """The part of `store.YearFile` the settings need."""

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str | None, *, source: str, note: str = "") -> None: ...


@dataclass(frozen=True)
class PublicitySettings:
    """公示 text around the tables. Empty fields fall back to sensible defaults."""

    organisation: str = ""  # "" = the year's organisation (单位)
    title: str = ""  # community sheet; "" = built from year and organisation
    staff_title: str = ""  # staff sheet; "" = built likewise
    start: date | None = None  # 公示开始日期; None = not set yet (left blank)
    end: date | None = None  # None = start + 3 days
    phone: str = ""  # 监督电话
    contact: str = ""  # 联系人
    objection: str = DEFAULT_OBJECTION  # {issuer} {phone} {contact} are filled in
    issuer: str = ""  # 落款; "" = organisation + 考绩办
    issue_date: date | None = None  # None = start date
    variant: str = VARIANTS[0]

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise ValueError(f"公示类别应为{'、'.join(VARIANTS)}：{self.variant}")

    # derived values -------------------------------------------------------
    def end_date(self) -> date | None:
        if self.end is not None:
            return self.end
        return None if self.start is None else self.start + timedelta(days=DEFAULT_DAYS)

    def issuer_for(self, organisation: str) -> str:
        return self.issuer or f"{self.organisation or organisation}考绩办"

    def objection_text(self, organisation: str) -> str:
        blank = "\u3000" * 4
        return self.objection.format(
            issuer=self.issuer_for(organisation),
            phone=self.phone or blank,
            contact=self.contact or blank,
        )

    # JSON ------------------------------------------------------------------
    def to_json(self) -> str:
        raw: dict[str, Any] = asdict(self)
        for key in ("start", "end", "issue_date"):
            raw[key] = raw[key].isoformat() if raw[key] else None
        return json.dumps(raw, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> PublicitySettings:
        """Settings from JSON; unknown keys are ignored, missing ones default."""
        if not text:
            return cls()
        raw = json.loads(text)
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        for key in ("start", "end", "issue_date"):
            if values.get(key):
                values[key] = date.fromisoformat(values[key])
            else:
                values[key] = None
        return cls(**values)


def load_settings(yearfile: MetaStore) -> PublicitySettings:
    return PublicitySettings.from_json(yearfile.get_meta(META_KEY))


def save_settings(yearfile: MetaStore, settings: PublicitySettings,
                  source: str = "公示设置") -> None:
    yearfile.set_meta(META_KEY, settings.to_json(), source=source)


def stage_reached(year_stage: str | None, variant: str) -> bool:
    """Whether a year at `year_stage` may print `variant` as final.

    An unknown stage (None: the year file does not track it) does not make a
    draft by itself; completeness still does.
    """
    if year_stage is None or year_stage not in STAGES:
        return True
    return STAGES.index(year_stage) >= STAGES.index(VARIANT_STAGE[variant])


def chinese_date(d: date | None) -> str:
    """2018年1月10日; a blank to fill by hand when not set."""
    if d is None:
        return "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    return f"{d.year}年{d.month}月{d.day}日"
