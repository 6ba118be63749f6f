"""Attendance fines, as the company's 员工考勤管理制度 states them (DOMAIN.md rule 23).

For one person, day by day, on the company's open days (a closed day expects no punches; a
punch on one is kept and flagged, never fined):

- The earliest punch is the arrival, the latest the departure. One punch alone is the arrival
  before the middle of the lunch break (12:45 with the usual hours), else the departure; the
  other is missing.
- Late (迟到): arrival after the start (08:00), in whole minutes rounded up; early (早退):
  departure before the end (17:30), likewise. 1-29 minutes: 1 yuan a minute. 30 minutes to 3
  hours: half a day's absence (旷工半天), 30 yuan. More: a whole day's absence, 50 yuan. Late
  and early on one day are judged apart and add up. Approved leave excuses the minutes it covers.
- No punch at all on an open day: a whole day's absence, 50 yuan, unless leave covers every
  working minute of it.
- A missing arrival or departure (忘打卡) with a supervisor's proof is excused: the first 2 in
  the month free, 10 yuan each after that; without proof, half a day's absence, 30 yuan. A
  side that leave covers (leave over the start, or over the end) is no forgotten punch.
- Written warning (书面警告): 2 or more lates or earlies, whatever their class, in one week
  (Monday to Sunday) add one warning for that week. The week may reach into the next or last
  month: the warning goes to the month of the day that reached the second.

Pure: times are naive wall-clock times in the company's zone; no database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

# What each kind of fine is called (catalog keys attendance.reason.<kind>).
LATE, EARLY, HALF_DAY, FULL_DAY = "late", "early", "half_day", "full_day"
FORGOT_FREE, FORGOT_FINED, FORGOT_UNPROVEN, CLOSED_DAY = "forgot_free", "forgot_fined", "forgot_unproven", "closed_day"
ARRIVAL, DEPARTURE = "in", "out"


@dataclass(frozen=True)
class Policy:
    """The seed's figures; start and end come from the working-hours setting."""

    periods: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(13, 30), time(17, 30)))
    per_minute: int = 1  # yuan
    half_day_from: int = 30  # minutes
    full_day_over: int = 180
    half_day_fine: int = 30
    full_day_fine: int = 50
    forgotten_free: int = 2  # a month
    forgotten_fine: int = 10
    warning_after: int = 2  # lates or earlies in one week

    @classmethod
    def from_hours(cls, hours) -> "Policy":
        """From the working-hours setting: [["08:00", "12:00"], ["13:30", "17:30"]]."""
        return cls(periods=tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in hours))

    @property
    def start(self) -> time:
        return self.periods[0][0]

    @property
    def end(self) -> time:
        return self.periods[-1][1]

    @property
    def midday(self) -> time:
        """A lone punch before this is an arrival: the middle of the lunch break (12:45), or of the day."""
        if len(self.periods) > 1:
            a, b = self.periods[0][1], self.periods[1][0]
        else:
            a, b = self.start, self.end
        middle = (_seconds(a) + _seconds(b)) // 2
        return time(middle // 3600, middle // 60 % 60, middle % 60)


@dataclass(frozen=True)
class DayRecord:
    """What is known of one person's day."""

    day: date
    open: bool
    punches: tuple[time, ...] = ()
    leaves: tuple[tuple[time, time], ...] = ()  # approved, on this day
    proofs: frozenset[str] = frozenset()  # sides a supervisor vouched for: "in", "out"


@dataclass(frozen=True)
class Fine:
    kind: str
    yuan: int
    minutes: int = 0
    side: str = ""  # in | out, for late/early absences and forgotten punches


@dataclass(frozen=True)
class DayJudgement:
    day: date
    arrival: time | None
    departure: time | None
    fines: tuple[Fine, ...]
    counted: int  # lates and earlies, whatever their class (for the weekly warning)
    flagged: bool = False  # punches on a closed day


@dataclass
class MonthSummary:
    days_expected: int = 0
    late: int = 0
    late_minutes: int = 0
    early: int = 0
    early_minutes: int = 0
    half_days: int = 0
    full_days: int = 0
    forgotten_excused: int = 0
    forgotten_fined: int = 0
    warnings: int = 0
    fine_yuan: int = 0
    flagged_days: int = 0
    days: list[DayJudgement] = field(default_factory=list)


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _uncovered(start: int, end: int, leaves: tuple[tuple[time, time], ...]) -> int:
    """Seconds of [start, end) that no leave covers."""
    if end <= start:
        return 0
    covered = 0
    spans = sorted((max(start, _seconds(a)), min(end, _seconds(b))) for a, b in leaves)
    reached = start
    for a, b in spans:
        a = max(a, reached)
        if b > a:
            covered += b - a
            reached = b
    return end - start - covered


def _minutes(seconds: int) -> int:
    return -(-seconds // 60)  # whole minutes, rounded up


def _covers(leaves, side: str, policy: Policy) -> bool:
    """Leave over the start (for a missing arrival) or over the end (a missing departure)."""
    if side == ARRIVAL:
        return any(a <= policy.start < b for a, b in leaves)
    return any(a < policy.end <= b for a, b in leaves)


def _tardy(kind: str, minutes: int, side: str, policy: Policy) -> Fine | None:
    """Late or early by `minutes`: per minute, half a day or a whole day."""
    if minutes <= 0:
        return None
    if minutes < policy.half_day_from:
        return Fine(kind, minutes * policy.per_minute, minutes, side)
    if minutes <= policy.full_day_over:
        return Fine(HALF_DAY, policy.half_day_fine, minutes, side)
    return Fine(FULL_DAY, policy.full_day_fine, minutes, side)


def judge_day(record: DayRecord, policy: Policy, forgotten_before: int = 0) -> DayJudgement:
    """One day's fines. `forgotten_before`: proven forgotten punches earlier in the month."""
    punches = sorted(record.punches)
    if not record.open:
        return DayJudgement(record.day, None, None, (), 0, flagged=bool(punches))
    start, end = _seconds(policy.start), _seconds(policy.end)
    if not punches:
        working = sum(_uncovered(_seconds(a), _seconds(b), record.leaves) for a, b in policy.periods)
        fines = (Fine(FULL_DAY, policy.full_day_fine),) if working else ()
        return DayJudgement(record.day, None, None, fines, 0)
    arrival = departure = None
    if len(punches) == 1:
        if punches[0] < policy.midday:
            arrival = punches[0]
        else:
            departure = punches[0]
    else:
        arrival, departure = punches[0], punches[-1]
    fines: list[Fine] = []
    counted = 0
    for side, moment in ((ARRIVAL, arrival), (DEPARTURE, departure)):
        if moment is None:
            if _covers(record.leaves, side, policy):
                continue
            if side in record.proofs:
                if forgotten_before < policy.forgotten_free:
                    fines.append(Fine(FORGOT_FREE, 0, side=side))
                else:
                    fines.append(Fine(FORGOT_FINED, policy.forgotten_fine, side=side))
                forgotten_before += 1
            else:
                fines.append(Fine(FORGOT_UNPROVEN, policy.half_day_fine, side=side))
            continue
        if side == ARRIVAL:
            missed = _uncovered(start, _seconds(moment), record.leaves)
            fine = _tardy(LATE, _minutes(missed), side, policy)
        else:
            missed = _uncovered(_seconds(moment), end, record.leaves)
            fine = _tardy(EARLY, _minutes(missed), side, policy)
        if fine is not None:
            fines.append(fine)
            counted += 1
    return DayJudgement(record.day, arrival, departure, tuple(fines), counted)


def judge_month(records: list[DayRecord], first: date, last: date, policy: Policy) -> MonthSummary:
    """The month `first`..`last` of one person. `records` may reach into the weeks around it
    (for the weekly warning); only the month's own days are fined and counted."""
    summary = MonthSummary()
    forgotten = 0
    week_counts: dict[tuple[int, int], int] = {}
    for record in sorted(records, key=lambda r: r.day):
        inside = first <= record.day <= last
        judged = judge_day(record, policy, forgotten if inside else 0)
        week = record.day.isocalendar()[:2]
        before = week_counts.get(week, 0)
        week_counts[week] = before + judged.counted
        if not inside:
            continue
        if before < policy.warning_after <= before + judged.counted:
            summary.warnings += 1
        summary.days.append(judged)
        summary.days_expected += record.open
        summary.flagged_days += judged.flagged
        for fine in judged.fines:
            summary.fine_yuan += fine.yuan
            if fine.kind == LATE:
                summary.late += 1
                summary.late_minutes += fine.minutes
            elif fine.kind == EARLY:
                summary.early += 1
                summary.early_minutes += fine.minutes
            elif fine.kind in (HALF_DAY, FORGOT_UNPROVEN):
                summary.half_days += 1
            elif fine.kind == FULL_DAY:
                summary.full_days += 1
            elif fine.kind == FORGOT_FREE:
                summary.forgotten_excused += 1
                forgotten += 1
            elif fine.kind == FORGOT_FINED:
                summary.forgotten_fined += 1
                forgotten += 1
    return summary


def month_days(first: date) -> list[date]:
    """Every day of the month that starts on `first`."""
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return [first + timedelta(days=n) for n in range((following - first).days)]


def week_span(first: date, last: date) -> tuple[date, date]:
    """Monday before `first` to the Sunday after `last`: the weeks a month's warnings need."""
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


def wall(moment: datetime) -> time:
    """The time of day of a naive or local datetime, to the second."""
    return time(moment.hour, moment.minute, moment.second)
