"""The seed's 员工考勤管理制度, one test per rule: tables of punches -> fines (DOMAIN.md rule 23)."""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from callcenter.rules import attendance as a
from callcenter.rules.attendance import DayRecord, Policy, judge_day, judge_month

POLICY = Policy()
TUESDAY = date(2026, 12, 1)


def _t(text: str) -> time:
    return time.fromisoformat(text)


def _day(*punches: str, leaves=(), proofs=(), open=True, day=TUESDAY) -> DayRecord:
    return DayRecord(day, open, tuple(_t(p) for p in punches),
                     tuple((_t(x), _t(y)) for x, y in leaves), frozenset(proofs))


def _fines(record: DayRecord, before: int = 0) -> list[tuple[str, int, int]]:
    return [(f.kind, f.minutes, f.yuan) for f in judge_day(record, POLICY, before).fines]


@pytest.mark.parametrize("arrival, expected", [
    ("08:00:00", []),
    ("07:55", []),
    ("08:00:01", [("late", 1, 1)]),  # whole minutes, rounded up
    ("08:01", [("late", 1, 1)]),
    ("08:03", [("late", 3, 3)]),
    ("08:29:00", [("late", 29, 29)]),
    ("08:29:30", [("half_day", 30, 30)]),
])
def test_late_is_one_yuan_a_minute_up_to_29_minutes(arrival, expected):
    assert _fines(_day(arrival, "17:30")) == expected


@pytest.mark.parametrize("departure, expected", [
    ("17:30", []),
    ("18:10", []),
    ("17:29:59", [("early", 1, 1)]),
    ("17:20", [("early", 10, 10)]),
    ("17:01", [("early", 29, 29)]),
    ("17:00", [("half_day", 30, 30)]),
])
def test_early_is_one_yuan_a_minute_up_to_29_minutes(departure, expected):
    assert _fines(_day("07:58", departure)) == expected


@pytest.mark.parametrize("punches, expected", [
    (("08:30", "17:30"), [("half_day", 30, 30)]),
    (("11:00", "17:30"), [("half_day", 180, 30)]),  # 3 hours exactly: still half a day
    (("11:00:01", "17:30"), [("full_day", 181, 50)]),
    (("08:00", "14:30"), [("half_day", 180, 30)]),
    (("08:00", "14:29"), [("full_day", 181, 50)]),
])
def test_absence_half_day_from_30_minutes_to_3_hours_whole_day_over(punches, expected):
    assert _fines(_day(*punches)) == expected


def test_no_punch_on_an_open_day_is_a_whole_day_absence():
    assert _fines(_day()) == [("full_day", 0, 50)]
    assert _fines(_day(leaves=[("08:00", "17:30")])) == []  # a day's leave
    assert _fines(_day(leaves=[("08:00", "12:00")])) == [("full_day", 0, 50)]  # the afternoon missed


def test_late_and_early_on_one_day_are_judged_apart_and_add():
    assert _fines(_day("08:10", "17:00")) == [("late", 10, 10), ("half_day", 30, 30)]
    assert _fines(_day("08:40", "17:15")) == [("half_day", 40, 30), ("early", 15, 15)]


@pytest.mark.parametrize("punches, leaves, expected", [
    (("09:10", "17:30"), [("08:00", "09:00")], [("late", 10, 10)]),
    (("09:00", "17:30"), [("08:00", "09:00")], []),
    (("08:00", "16:00"), [("16:00", "17:30")], []),
    (("08:00", "15:50"), [("16:00", "17:30")], [("early", 10, 10)]),
    (("14:00", "17:30"), [("08:00", "12:00")], [("half_day", 120, 30)]),  # 12:00-14:00 is not on leave
])
def test_approved_leave_excuses_the_minutes_it_covers(punches, leaves, expected):
    assert _fines(_day(*punches, leaves=leaves)) == expected


@pytest.mark.parametrize("punch, expected", [
    ("07:59", [("forgot_unproven", 0, 30)]),  # an arrival: the departure is missing
    ("12:44", [("full_day", 284, 50), ("forgot_unproven", 0, 30)]),
    ("12:45", [("forgot_unproven", 0, 30), ("full_day", 285, 50)]),
    ("17:31", [("forgot_unproven", 0, 30)]),  # a departure: the arrival is missing
])
def test_one_punch_is_the_arrival_before_12_45_else_the_departure(punch, expected):
    assert _fines(_day(punch)) == expected


def test_forgotten_punch_with_proof_free_twice_a_month_then_10_yuan():
    record = _day("17:35", proofs={"in"})
    assert _fines(record, before=0) == [("forgot_free", 0, 0)]
    assert _fines(record, before=1) == [("forgot_free", 0, 0)]
    assert _fines(record, before=2) == [("forgot_fined", 0, 10)]
    month = [_day("17:35", proofs={"in"}, day=TUESDAY + timedelta(days=n)) for n in range(4)]
    summary = judge_month(month, TUESDAY, TUESDAY + timedelta(days=30), POLICY)
    assert (summary.forgotten_excused, summary.forgotten_fined, summary.fine_yuan) == (2, 2, 20)


def test_forgotten_punch_without_proof_is_half_a_days_absence():
    assert _fines(_day("17:35")) == [("forgot_unproven", 0, 30)]
    summary = judge_month([_day("07:50")], TUESDAY, TUESDAY, POLICY)
    assert (summary.half_days, summary.fine_yuan) == (1, 30)


def test_forgotten_punch_is_none_where_leave_covers_that_side():
    assert _fines(_day("17:30", leaves=[("08:00", "12:00")])) == []  # the morning on leave: no arrival owed
    assert _fines(_day("08:00", leaves=[("12:00", "17:30")])) == []


def test_closed_day_expects_no_punch_and_a_punch_on_it_is_flagged_not_fined():
    judged = judge_day(_day("09:30", open=False), POLICY)
    assert (judged.fines, judged.flagged) == ((), True)
    assert judge_day(_day(open=False), POLICY).fines == ()
    summary = judge_month([_day("09:30", open=False)], TUESDAY, TUESDAY, POLICY)
    assert (summary.days_expected, summary.flagged_days, summary.fine_yuan) == (0, 1, 0)


@pytest.mark.parametrize("lates, warnings", [
    ([], 0),
    ([date(2026, 12, 1)], 0),
    ([date(2026, 12, 1), date(2026, 12, 6)], 1),  # Tuesday and Sunday of one week
    ([date(2026, 12, 6), date(2026, 12, 8)], 0),  # Sunday, then the next Tuesday: two weeks
    ([date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)], 1),  # one warning a week
    ([date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 8), date(2026, 12, 9)], 2),
])
def test_written_warning_for_two_lates_or_earlies_in_one_week(lates, warnings):
    records = [_day("08:05", "17:30", day=d) for d in lates]
    assert judge_month(records, date(2026, 12, 1), date(2026, 12, 31), POLICY).warnings == warnings


def test_written_warning_counts_every_class_and_both_sides_of_a_day():
    assert judge_month([_day("08:05", "17:25")], TUESDAY, TUESDAY, POLICY).warnings == 1
    records = [_day("09:00", "17:30"), _day("08:00", "12:00", day=TUESDAY + timedelta(days=1))]
    summary = judge_month(records, TUESDAY, TUESDAY + timedelta(days=1), POLICY)
    assert (summary.warnings, summary.half_days, summary.full_days) == (1, 1, 1)


def test_written_warning_of_a_week_across_months_goes_to_the_month_reaching_the_second():
    records = [_day("08:05", "17:30", day=date(2026, 11, 30)), _day("08:05", "17:30", day=date(2026, 12, 1))]
    december = judge_month(records, date(2026, 12, 1), date(2026, 12, 31), POLICY)
    november = judge_month(records, date(2026, 11, 1), date(2026, 11, 30), POLICY)
    assert (december.warnings, november.warnings) == (1, 0)
    assert (december.late, november.late) == (1, 1)  # each month fines its own days


def test_earliest_punch_is_the_arrival_latest_the_departure():
    judged = judge_day(_day("12:00", "17:40", "07:58", "13:29"), POLICY)
    assert (judged.arrival, judged.departure, judged.fines) == (_t("07:58"), _t("17:40"), ())


def test_times_come_from_the_working_hours_setting():
    policy = Policy.from_hours([["09:00", "12:00"], ["13:00", "18:00"]])
    assert (policy.start, policy.end, policy.midday) == (_t("09:00"), _t("18:00"), _t("12:30"))
    assert [f.kind for f in judge_day(_day("09:05", "18:00"), policy).fines] == ["late"]


def test_summary_adds_the_month():
    records = [_day("08:03", "17:30"), _day(day=TUESDAY + timedelta(days=1)),
               _day("08:00", "17:20", day=TUESDAY + timedelta(days=2))]
    s = judge_month(records, TUESDAY, TUESDAY + timedelta(days=2), POLICY)
    assert (s.days_expected, s.late, s.late_minutes, s.early, s.early_minutes, s.full_days, s.warnings,
            s.fine_yuan) == (3, 1, 3, 1, 10, 1, 1, 3 + 50 + 10)


def test_month_days_and_week_span():
    assert len(a.month_days(date(2026, 2, 1))) == 28
    assert a.week_span(date(2026, 12, 1), date(2026, 12, 31)) == (date(2026, 11, 30), date(2027, 1, 3))
