"""The follow-up plan (回访计划) of a project, derived from its milestones (DOMAIN.md rules 14-16).

Nobody types a plan: it is worked out again whenever a milestone changes, and each planned call
keeps a stable `key` so a re-plan can match what was already done.

- Design handover (交底) at T: one call due 3 hours after T on the company clock (rule 14).
- Each acceptance (验收) at T, the stages and the final acceptance (竣工验收): one call due
  3 days (72 hours) after T on the company clock (rule 15). The company clock
  (rules.company_clock) skips closed days whole and moves a due time outside opening hours to
  the next opening.
- Warranty (保修期) of W months from the final acceptance F (rule 16): one call at F + 3, F + 6, ...
  months while that date is before the warranty ends (F + W months). When fewer than 3 fit,
  exactly 3, spaced evenly by days: with D the warranty's length in days, at F + D*k/4 days for
  k = 1, 2, 3, rounded to the nearest day (halves up).
  Month arithmetic is done in the company's zone, each point counted from F (never from the
  previous point, so nothing drifts), with the day clamped to the month's end: 31 January + 1
  month is 28 (or 29) February.
  A warranty call is not tied to an hour: its date moves to the next open day (off the rest
  weekday, public holidays and days a supervisor closed) and it is due at the end of that day's
  working hours. Two warranty calls never share a day: a call whose day is taken by the one before it
  (a short warranty, a long holiday) moves on to the following working day.

`check` refuses milestones that cannot be right, with one reason code each (a message-catalog
key); `plan` assumes `check` passed.
"""
from __future__ import annotations

import calendar as _months
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from callcenter.rules.company_clock import due
from callcenter.rules.workcal import WorkCalendar

HANDOVER_DELAY = timedelta(hours=3)
ACCEPTANCE_DELAY = timedelta(hours=72)
WARRANTY_EVERY_MONTHS = 3
WARRANTY_AT_LEAST = 3
FINAL_STAGE = "竣工验收"
MAX_AHEAD = timedelta(days=366)  # a milestone later than this after `now` is a typing mistake
MAX_WARRANTY_MONTHS = 120


class MilestoneError(ValueError):
    """`code` is a message-catalog key:

    milestone.acceptance_before_handover, milestone.final_before_handover,
    milestone.final_before_acceptance, milestone.too_far, milestone.bad_warranty,
    milestone.duplicate_stage.
    """

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Milestones:
    handover_at: datetime | None  # aware
    acceptances: tuple[tuple[str, datetime], ...] = ()  # (stage name, aware time), stage acceptances
    final_acceptance_at: datetime | None = None
    warranty_months: int = 24


@dataclass(frozen=True)
class Planned:
    key: str  # stable across re-plans: "handover", "acceptance:<stage>", "final", "warranty:<n>"
    reason: str  # "handover" | "acceptance" | "warranty"
    stage: str  # the acceptance stage; "竣工验收" for the final one; "n/N" for warranty; "" for handover
    due_at: datetime  # aware UTC


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise TypeError("milestone times must be aware datetimes")
    return moment


def check(m: Milestones, now: datetime) -> None:
    """Raise MilestoneError for milestones that cannot be right; return None when they can."""
    _aware(now)
    months = m.warranty_months
    if isinstance(months, bool) or not isinstance(months, int) or not 0 < months <= MAX_WARRANTY_MONTHS:
        raise MilestoneError("milestone.bad_warranty")
    names = [name for name, _ in m.acceptances]
    if len(set(names)) != len(names):
        raise MilestoneError("milestone.duplicate_stage")
    times = [t for t in (m.handover_at, *(at for _, at in m.acceptances), m.final_acceptance_at) if t is not None]
    if any(_aware(t) > now + MAX_AHEAD for t in times):
        raise MilestoneError("milestone.too_far")
    if m.handover_at is not None:
        if any(at < m.handover_at for _, at in m.acceptances):
            raise MilestoneError("milestone.acceptance_before_handover")
        if m.final_acceptance_at is not None and m.final_acceptance_at < m.handover_at:
            raise MilestoneError("milestone.final_before_handover")
    if m.final_acceptance_at is not None and any(m.final_acceptance_at < at for _, at in m.acceptances):
        raise MilestoneError("milestone.final_before_acceptance")


def add_months(moment: datetime, months: int) -> datetime:
    """The same wall-clock time `months` later, the day clamped to the month's end."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, _months.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def warranty_days(final_at: datetime, months: int, zone: str) -> list[date]:
    """The warranty call dates before any move to a working day (company zone)."""
    start = final_at.astimezone(ZoneInfo(zone))
    end = add_months(start, months)
    periodic = []
    k = 1
    while (point := add_months(start, WARRANTY_EVERY_MONTHS * k)) < end:
        periodic.append(point.date())
        k += 1
    if len(periodic) >= WARRANTY_AT_LEAST:
        return periodic
    length = (end.date() - start.date()).days
    parts = WARRANTY_AT_LEAST + 1
    # round(length * k / parts), halves up, in integers
    return [start.date() + timedelta(days=(2 * length * k + parts) // (2 * parts))
            for k in range(1, parts)]


def delay(key: str) -> timedelta:
    """How long after its milestone a planned call of this key is due (warranty calls: none)."""
    return HANDOVER_DELAY if key == "handover" else ACCEPTANCE_DELAY


def plan(m: Milestones, calendar: WorkCalendar) -> list[Planned]:
    """Every follow-up call the milestones call for, sorted by due time (ties: milestone order)."""
    planned: list[Planned] = []
    if m.handover_at is not None:
        planned.append(Planned("handover", "handover", "", due(m.handover_at, HANDOVER_DELAY, calendar)))
    for stage, at in m.acceptances:
        planned.append(Planned(f"acceptance:{stage}", "acceptance", stage, due(at, ACCEPTANCE_DELAY, calendar)))
    if m.final_acceptance_at is not None:
        final = m.final_acceptance_at
        planned.append(Planned("final", "acceptance", FINAL_STAGE, due(final, ACCEPTANCE_DELAY, calendar)))
        planned.extend(warranty_plan(final, m.warranty_months, calendar))
    return sorted(planned, key=lambda p: p.due_at)


def warranty_plan(final_at: datetime, months: int, calendar: WorkCalendar) -> list[Planned]:
    """The warranty calls, each at the end of an open day, never two on one day."""
    days = warranty_days(final_at, months, calendar.zone)
    planned = []
    previous: date | None = None
    for n, day in enumerate(days, start=1):
        if previous is not None and day <= previous:
            day = previous + timedelta(days=1)
        day = calendar.next_working_day(day)
        previous = day
        planned.append(Planned(f"warranty:{n}", "warranty", f"{n}/{len(days)}", calendar.end_of_day(day)))
    return planned
