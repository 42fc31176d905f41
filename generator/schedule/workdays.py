"""Working days in Vietnam: weekends, public holidays (lunar ones included) and office days off.

The public holidays come from the maintained `holidays` package (Tết Nguyên đán, Giỗ Tổ Hùng
Vương and the substituted days the government announces); an office adds its own days off in
its board record (`days_off`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

import holidays

SATURDAY = 5


@cache
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year))


class WorkCalendar:
    """Answers 'is this a working day?' and counts working days for one office."""

    def __init__(self, days_off: Iterable[date] = ()) -> None:
        self.days_off = frozenset(days_off)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < SATURDAY
            and day not in _public_holidays(day.year)
            and day not in self.days_off
        )

    def holiday_name(self, day: date) -> str | None:
        """The name of the public holiday on `day`, if any (the package's English name)."""
        names = holidays.country_holidays("VN", years=day.year)
        return names.get(day)

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, otherwise the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, count: int) -> date:
        """The date `count` working days after `start` (start itself not counted)."""
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1 for offset in range(1, (end - start).days + 1)
            if self.is_working_day(start + timedelta(days=offset))
        )
