"""Working days by the State Council holiday schedule (国务院办公厅 annual 部分节假日安排).

The schedule, with its 调休 workdays, comes from the ``chinesecalendar`` package (module
``chinese_calendar``), which holds each year once it is published. A date beyond that data is
counted as a plain weekday (Monday–Friday) and reported as *estimated*: a due date computed from
it may move when the year's schedule is published.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar


@lru_cache(maxsize=8192)
def workday(d: date) -> tuple[bool, bool]:
    """(is it a working day, is that known from the official schedule)."""
    try:
        return bool(chinese_calendar.is_workday(d)), True
    except NotImplementedError:  # year outside the package's data
        return d.weekday() < 5, False


def is_workday(d: date) -> bool:
    return workday(d)[0]


def is_known(d: date) -> bool:
    """True when the official schedule of d's year is in the calendar data."""
    return workday(d)[1]


def known_years() -> tuple[int, int]:
    """First and last year of the official schedule the calendar data holds."""
    years = [d.year for d in chinese_calendar.constants.holidays]
    return min(years), max(years)


def add_workdays(
    start: date, n: int, *, skip: Callable[[date], bool] | None = None
) -> tuple[date, bool]:
    """The n-th working day after ``start`` (``start`` itself not counted), and whether estimated.

    The day a period starts from is not counted (民法典第二百零一条); the count runs from the next
    day. ``skip(d)`` removes further days from the count (a paused clock).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    d, counted, estimated = start, 0, False
    while counted < n:
        d += timedelta(days=1)
        ok, known = workday(d)
        estimated |= not known
        if ok and not (skip and skip(d)):
            counted += 1
    return d, estimated


def workdays_between(a: date, b: date, *, skip: Callable[[date], bool] | None = None) -> int:
    """Working days d with a < d <= b (negative when b < a), ``skip`` days excluded."""
    sign = 1
    if b < a:
        a, b, sign = b, a, -1
    count, d = 0, a
    while d < b:
        d += timedelta(days=1)
        if workday(d)[0] and not (skip and skip(d)):
            count += 1
    return sign * count
