"""公示 settings: what the clerk edits around the publicity sheets and the
documents that go out with them (the 发文 notice, the period bulletins).

Kept as JSON in the year file's meta under "publicity", so each year remembers
its own dates, phone, address, 文号 and issuer.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any, Protocol

from kaoji_desktop.reports.workdays import (
    DAY_KINDS,
    WORKING_DAYS,
    PublicityPeriod,
    publicity_period,
)
from kaoji_desktop.store.stages import FIRST_PUBLICITY, SECOND_PUBLICITY, STAGE_KEY, STAGES

META_KEY = "publicity"
STAGE_META_KEY = STAGE_KEY  # the year's procedure stage (store.stages)
VARIANTS = ("第一次公示", "第二次公示")
# the procedure stage (RULES.md §4) a variant needs; printed earlier it is a draft
VARIANT_STAGE = {VARIANTS[0]: FIRST_PUBLICITY, VARIANTS[1]: SECOND_PUBLICITY}
DEFAULT_DAYS = 3  # 由考绩办公示三天 (§四(一))
# the text saved by earlier versions: read as "use today's default"
_OLD_DEFAULT_OBJECTION = (
    "公示期间，如对公示结果有异议，请以书面或电话形式向{issuer}反映。"
    "监督电话：{phone}，联系人：{contact}。"
)
DEFAULT_OBJECTION = (
    "公示期间，如对公示结果有异议，可来访、来电或以书面形式向{issuer}反映。"
    "来访及书面意见送达地址：{address}；监督电话：{phone}；联系人：{contact}。"
)
# the usual request that objections be signed and truthful (实名、实事求是)
TRUTHFUL_REQUEST = (
    "反映情况应实事求是、有具体事实。以单位名义反映的，请加盖单位公章；"
    "以个人名义反映的，请署真实姓名并留下联系方式，以便核实和反馈。"
    "对匿名或捏造事实的反映不予受理。"
)
PLACEHOLDERS = ("issuer", "phone", "contact", "address")
DEFAULT_RECIPIENTS = "各科室、各社区(网格)"
# the fields a posted (non-draft) publicity sheet cannot go without
REQUIRED_FIELDS = (("phone", "监督电话"), ("contact", "联系人"), ("address", "书面意见地址"))


class SettingsMissing(ValueError):
    """A final document was asked for while a field it needs is blank."""


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
    end: date | None = None  # None = start + `days` (工作日 or 自然日), see end_date
    days: int = DEFAULT_DAYS  # 公示天数
    day_kind: str = WORKING_DAYS  # 工作日 (holidays and 调休 counted) or 自然日
    phone: str = ""  # 监督电话
    contact: str = ""  # 联系人
    address: str = ""  # 来访及书面意见送达地址
    objection: str = DEFAULT_OBJECTION  # {issuer} {phone} {contact} {address} are filled in
    issuer: str = ""  # 落款; "" = organisation + 考绩办
    issue_date: date | None = None  # None = start date
    variant: str = VARIANTS[0]
    # the 发文 notice (通报) of the results
    doc_number: str = ""  # 发文字号, e.g. 大南委〔2018〕5号
    recipients: str = ""  # 主送机关; "" = DEFAULT_RECIPIENTS
    notice_issuer: str = ""  # 发文机关署名; "" = 中共{单位}工作委员会
    notice_date: date | None = None  # 成文日期; None = blank, written by hand
    print_office: str = ""  # 印发机关 (版记); "" = the 落款 above
    print_date: date | None = None  # 印发日期; None = 成文日期
    # the period bulletins: 文号 and date per period (一季度 …)
    bulletin_numbers: dict[str, str] = field(default_factory=dict)
    bulletin_dates: dict[str, date] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise ValueError(f"公示类别应为{'、'.join(VARIANTS)}：{self.variant}")
        if self.day_kind not in DAY_KINDS:
            raise ValueError(f"公示天数的计法应为{'或'.join(DAY_KINDS)}：{self.day_kind}")
        whole = isinstance(self.days, int) and not isinstance(self.days, bool)
        if not whole or not 1 <= self.days <= 60:
            raise ValueError(f"公示天数应为1到60之间的整数：{self.days}")

    # derived values -------------------------------------------------------
    def period(self) -> PublicityPeriod | None:
        """The computed period (None without a start date)."""
        if self.start is None:
            return None
        return publicity_period(self.start, self.days, self.day_kind)

    def end_date(self) -> date | None:
        if self.end is not None:
            return self.end
        period = self.period()
        return None if period is None else period.end

    def signed_date(self) -> date | None:
        """落款日期: the set one, else the start date."""
        return self.issue_date or self.start

    def period_note(self) -> str:
        """For the clerk: the end date was guessed (unknown holidays), or ""."""
        period = self.period()
        return "" if period is None or self.end is not None else period.note

    def issuer_for(self, organisation: str) -> str:
        return self.issuer or f"{self.organisation or organisation}考绩办"

    def objection_text(self, organisation: str) -> str:
        blank = "\u3000" * 4
        try:
            return self.objection.format(
                issuer=self.issuer_for(organisation),
                phone=self.phone or blank,
                contact=self.contact or blank,
                address=self.address or blank * 2,
            )
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            names = "、".join(f"{{{p}}}" for p in PLACEHOLDERS)
            raise ValueError(f"异议说明中的 {{…}} 只能是 {names}（{exc}）") from None

    def missing_fields(self) -> list[str]:
        """Names of the fields a posted sheet needs that are blank."""
        return [label for name, label in REQUIRED_FIELDS if not getattr(self, name).strip()]

    def require_contacts(self, what: str) -> None:
        """Refuse a final `what` while phone, contact or address is blank."""
        missing = self.missing_fields()
        if missing:
            raise SettingsMissing(
                f"不能生成正式的{what}：{'、'.join(missing)}未填写。"
                f"请在“公示设置”页填写后再打印（草稿不受此限）。")

    def bulletin_number(self, period: str) -> str:
        return self.bulletin_numbers.get(period, "")

    def bulletin_date(self, period: str) -> date | None:
        return self.bulletin_dates.get(period)

    # JSON ------------------------------------------------------------------
    def to_json(self) -> str:
        raw: dict[str, Any] = asdict(self)
        for key in _DATE_KEYS:
            raw[key] = raw[key].isoformat() if raw[key] else None
        raw["bulletin_dates"] = {k: v.isoformat() for k, v in self.bulletin_dates.items()}
        return json.dumps(raw, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> PublicitySettings:
        """Settings from JSON; unknown keys are ignored, missing ones default."""
        if not text:
            return cls()
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise TypeError("公示设置不是有效的JSON对象")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        for key in _DATE_KEYS:
            if values.get(key):
                values[key] = date.fromisoformat(values[key])
            else:
                values[key] = None
        if values.get("objection") == _OLD_DEFAULT_OBJECTION:
            values["objection"] = DEFAULT_OBJECTION  # never edited: take the fuller text
        values["bulletin_numbers"] = {str(k): str(v) for k, v in
                                      dict(values.get("bulletin_numbers") or {}).items()}
        values["bulletin_dates"] = {str(k): date.fromisoformat(v) for k, v in
                                    dict(values.get("bulletin_dates") or {}).items() if v}
        return cls(**values)


_DATE_KEYS = ("start", "end", "issue_date", "notice_date", "print_date")


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
