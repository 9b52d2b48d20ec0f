"""公示期: the publicity period counted in 工作日 (working days) or 自然日.

Working days follow China's official holidays and 调休 (weekend days made
working days) as published by the State Council, from the `chinesecalendar`
package. For a year the package does not know yet (the schedule for year N
is published around November of N-1), weekends alone are skipped and the
period carries a note saying so, for the clerk to check by hand.

The period includes its start day when that is a working day (公示期自发布
之日起计算), so a 3-working-day period starting on a Monday ends on Wednesday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

WORKING_DAYS = "工作日"
CALENDAR_DAYS = "自然日"
DAY_KINDS = (WORKING_DAYS, CALENDAR_DAYS)


def known_years() -> tuple[int, int]:
    """First and last year whose holidays the package knows."""
    years = {d.year for d in chinese_calendar.holidays}
    return min(years), max(years)


def is_workday(day: date) -> tuple[bool, bool]:
    """(is a working day, known from the official schedule).

    Unknown years fall back to Monday–Friday (known = False).
    """
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:  # the package has no schedule for that year
        return day.weekday() < 5, False


@dataclass(frozen=True)
class PublicityPeriod:
    start: date
    end: date
    days: int
    day_kind: str
    guessed_years: tuple[int, ...] = ()  # years counted by weekends only

    @property
    def note(self) -> str:
        """For the clerk (never printed on a posted sheet): why the end date may be wrong."""
        if not self.guessed_years:
            return ""
        years = "、".join(f"{y}年" for y in self.guessed_years)
        last = known_years()[1]
        return (f"节假日数据只到{last}年，{years}的法定节假日和调休未知，"
                f"公示结束日期仅按周六、周日推算，请对照国务院办公厅节假日安排核对。")

    @property
    def length_text(self) -> str:
        """3个工作日 / 3天."""
        return f"{self.days}个工作日" if self.day_kind == WORKING_DAYS else f"{self.days}天"


def publicity_period(start: date, days: int, day_kind: str = WORKING_DAYS) -> PublicityPeriod:
    """The period of `days` days from `start` (inclusive) and its end date."""
    if day_kind not in DAY_KINDS:
        raise ValueError(f"公示天数的计法应为{'或'.join(DAY_KINDS)}：{day_kind}")
    if days < 1:
        raise ValueError(f"公示天数应至少为1天：{days}")
    if day_kind == CALENDAR_DAYS:
        return PublicityPeriod(start, start + timedelta(days=days - 1), days, day_kind)
    guessed: set[int] = set()
    day, counted = start, 0
    while True:
        working, known = is_workday(day)
        if not known:
            guessed.add(day.year)
        if working:
            counted += 1
            if counted == days:
                break
        day += timedelta(days=1)
    return PublicityPeriod(start, day, days, day_kind, tuple(sorted(guessed)))
