"""The follow-up plan, straight from DOMAIN.md rules 14-16 and the issue's wording."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from callcenter.rules.followup_plan import (
    MilestoneError,
    Milestones,
    Planned,
    add_months,
    check,
    plan,
    warranty_days,
)
from callcenter.rules.workcal import WorkCalendar

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SH)  # a Friday


def local(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


def end_of(day: str) -> datetime:
    """17:30 in Shanghai: the end of the working day, where warranty calls are due."""
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), SH).replace(hour=17, minute=30)


def rows(planned: list[Planned]) -> list[tuple[str, str, str, datetime]]:
    return [(p.key, p.reason, p.stage, p.due_at) for p in planned]


def warranty(final_at: datetime, months: int) -> list[tuple[str, str, datetime]]:
    return [(p.key, p.stage, p.due_at) for p in plan(Milestones(None, (), final_at, months), CAL)
            if p.reason == "warranty"]


# ---- handover and acceptances ----------------------------------------------------------------


@pytest.mark.parametrize(
    "handover_at, due",
    [
        (local(2026, 11, 27, 10, 0), local(2026, 11, 27, 13, 30)),  # 13:00 is lunch
        (local(2026, 11, 27, 16, 0), local(2026, 11, 28, 8, 0)),  # 19:00 is after closing: Saturday 08:00
        (local(2026, 11, 29, 22, 30), local(2026, 12, 1, 8, 0)),  # Monday does not count: Tue 01:30, then 08:00
    ],
)
def test_handover_is_followed_up_three_hours_later(handover_at, due):
    assert rows(plan(Milestones(handover_at), CAL)) == [("handover", "handover", "", due)]


def test_each_acceptance_is_followed_up_72_hours_later_on_the_company_clock():
    m = Milestones(
        handover_at=local(2026, 11, 20, 9, 0),
        acceptances=(("开工", local(2026, 11, 27, 10, 0)),  # Friday: Monday does not count
                     ("水电", local(2026, 12, 20, 15, 30)),
                     ("油漆", local(2027, 1, 5, 11, 0))),
    )
    assert rows(plan(m, CAL)) == [
        ("handover", "handover", "", local(2026, 11, 20, 13, 30)),  # 12:00 is lunch
        ("acceptance:开工", "acceptance", "开工", local(2026, 12, 1, 10, 0)),
        ("acceptance:水电", "acceptance", "水电", local(2026, 12, 24, 15, 30)),  # Sunday; Monday 12-21 skipped
        ("acceptance:油漆", "acceptance", "油漆", local(2027, 1, 8, 11, 0)),
    ]


def test_national_day_does_not_count_towards_an_acceptance_call():
    m = Milestones(None, (("泥木", local(2026, 9, 30, 16, 0)),))  # 8 h on Sep 30, Oct 1-7 closed
    assert rows(plan(m, CAL)) == [("acceptance:泥木", "acceptance", "泥木", local(2026, 10, 10, 16, 0))]


def test_a_whole_project():
    m = Milestones(
        handover_at=local(2026, 3, 2, 9, 0),
        acceptances=(("开工", local(2026, 3, 10, 9, 0)), ("水电", local(2026, 4, 1, 14, 0))),
        final_acceptance_at=local(2026, 5, 20, 14, 0),
        warranty_months=12,
    )
    assert rows(plan(m, CAL)) == [
        ("handover", "handover", "", local(2026, 3, 3, 8, 0)),  # a Monday handover counts from Tuesday 00:00
        ("acceptance:开工", "acceptance", "开工", local(2026, 3, 13, 9, 0)),
        ("acceptance:水电", "acceptance", "水电", local(2026, 4, 7, 14, 0)),  # 清明 4-6 April skipped
        ("final", "acceptance", "竣工验收", local(2026, 5, 23, 14, 0)),
        ("warranty:1", "warranty", "1/3", end_of("2026-08-20")),
        ("warranty:2", "warranty", "2/3", end_of("2026-11-20")),
        ("warranty:3", "warranty", "3/3", end_of("2027-02-20")),
    ]


def test_the_plan_is_sorted_by_due_time_and_in_utc():
    m = Milestones(
        handover_at=local(2026, 3, 2, 9, 0),
        acceptances=(("水电", local(2026, 4, 1, 14, 0)), ("开工", local(2026, 3, 10, 9, 0))),
        final_acceptance_at=local(2026, 5, 20, 14, 0),
    )
    planned = plan(m, CAL)
    assert [p.due_at for p in planned] == sorted(p.due_at for p in planned)
    assert [p.key for p in planned][:3] == ["handover", "acceptance:开工", "acceptance:水电"]
    assert all(p.due_at.tzinfo == timezone.utc for p in planned)


def test_keys_are_stable_when_a_milestone_moves():
    before = Milestones(local(2026, 3, 2, 9, 0), (("开工", local(2026, 3, 10, 9, 0)),),
                        local(2026, 5, 20, 14, 0))
    after = Milestones(local(2026, 3, 2, 9, 0), (("开工", local(2026, 3, 12, 9, 0)),),
                       local(2026, 5, 25, 14, 0))
    assert [p.key for p in plan(before, CAL)] == [p.key for p in plan(after, CAL)]


# ---- warranty ---------------------------------------------------------------------------------


def test_a_24_month_warranty_is_called_every_3_months():
    final = local(2026, 5, 20, 14, 0)  # a Wednesday; the warranty ends 2028-05-20
    expected_days = ["2026-08-20", "2026-11-20", "2027-02-20", "2027-05-20", "2027-08-20", "2027-11-20",
                     "2028-02-20"]  # 24 months itself is not before the end
    assert warranty(final, 24) == [(f"warranty:{n}", f"{n}/7", end_of(day))
                                   for n, day in enumerate(expected_days, start=1)]


@pytest.mark.parametrize(
    "final, months, days",
    [
        # 9 months: 3 and 6 fit, fewer than 3: D = 276 days, at 69, 138, 207 days;
        # day 138 is 2026-10-05, inside National Day: moved to 10-08
        (local(2026, 5, 20, 14, 0), 9, ["2026-07-28", "2026-10-08", "2026-12-13"]),
        # 6 months from 31 January: D = 181, at 45, 91 (90.5, halves up), 136 days;
        # day 91 is 2 May, inside Labour Day (1-5 May 2026): moved to 6 May
        (local(2026, 1, 31, 10, 0), 6, ["2026-03-17", "2026-05-06", "2026-06-16"]),
        # 1 month: D = 28, at 7, 14, 21 days; 15 and 22 February are both inside the Spring Festival
        # (15-23 February 2026): the first moves to the 24th, the second to the day after it
        (local(2026, 2, 8, 10, 0), 1, ["2026-02-24", "2026-02-25", "2026-03-01"]),
        # 12 months: exactly 3 periodic calls; month ends clamped (31 Aug + 3 = 30 Nov, + 6 = 28 Feb),
        # 30 Nov 2026 and 31 May 2027 are Mondays: moved to Tuesday
        (local(2026, 8, 31, 10, 0), 12, ["2026-12-01", "2027-02-28", "2027-06-01"]),
        # D = 184: day 92 is National Day 2026 itself (1 October), day 138 a Monday (16 November)
        (local(2026, 7, 1, 9, 0), 6, ["2026-08-16", "2026-10-08", "2026-11-17"]),
    ],
)
def test_short_warranties_and_moves(final, months, days):
    assert warranty(final, months) == [(f"warranty:{n}", f"{n}/3", end_of(day))
                                       for n, day in enumerate(days, start=1)]


def test_a_warranty_date_on_national_day_moves_to_the_first_working_day_after_it():
    planned = warranty(local(2026, 7, 1, 9, 0), 12)  # 3 months later is 2026-10-01
    assert planned[0] == ("warranty:1", "1/3", end_of("2026-10-08"))


@pytest.mark.parametrize(
    "final, key, holiday",
    [
        (local(2026, 11, 6, 10, 0), "warranty:1", date(2027, 2, 6)),  # Spring Festival 2027
        (local(2026, 10, 26, 10, 0), "warranty:5", date(2028, 1, 26)),  # Spring Festival 2028
        (local(2026, 7, 1, 10, 0), "warranty:5", date(2027, 10, 1)),  # National Day 2027
    ],
)
def test_warranty_dates_in_later_years_move_off_their_holidays(final, key, holiday):
    """No official data exists for these years: the estimated holidays still move the call."""
    due = {k: at for k, _, at in warranty(final, 24)}[key]
    day = due.astimezone(SH).date()
    assert day > holiday
    assert CAL.is_working_day(day)
    assert all(not CAL.is_working_day(holiday + timedelta(days=i)) for i in range((day - holiday).days))
    assert due == CAL.end_of_day(day)


@pytest.mark.parametrize(
    "months, count",
    [(1, 3), (3, 3), (6, 3), (9, 3), (10, 3), (12, 3), (13, 4), (24, 7), (25, 8), (120, 39)],
)
def test_the_number_of_warranty_calls(months, count):
    assert len(warranty_days(local(2026, 3, 15, 10, 0), months, "Asia/Shanghai")) == count


def test_warranty_dates_count_in_the_company_zone():
    # 2026-05-20 17:00 UTC is already 2026-05-21 01:00 in Shanghai
    days = warranty_days(datetime(2026, 5, 20, 17, 0, tzinfo=timezone.utc), 24, "Asia/Shanghai")
    assert days[0] == date(2026, 8, 21)


@pytest.mark.parametrize(
    "start, months, expected",
    [
        ((2026, 1, 31), 1, (2026, 2, 28)),
        ((2028, 1, 31), 1, (2028, 2, 29)),  # leap year
        ((2026, 11, 30), 15, (2028, 2, 29)),
        ((2026, 8, 31), 3, (2026, 11, 30)),
        ((2026, 8, 31), 6, (2027, 2, 28)),  # counted from the start, not from 30 November
        ((2026, 3, 31), -1, (2026, 2, 28)),
        ((2026, 5, 20), 24, (2028, 5, 20)),
        ((2026, 12, 15), 1, (2027, 1, 15)),
    ],
)
def test_month_arithmetic_clamps_to_the_month_end(start, months, expected):
    moment = local(*start, 14, 0)
    assert add_months(moment, months) == local(*expected, 14, 0)


def test_no_final_acceptance_no_warranty_calls():
    assert plan(Milestones(None, (("开工", local(2026, 3, 10, 9, 0)),)), CAL)[-1].reason == "acceptance"
    assert plan(Milestones(None), CAL) == []


# ---- bad input --------------------------------------------------------------------------------

H = local(2026, 3, 2, 9, 0)


@pytest.mark.parametrize(
    "milestones, code",
    [
        (Milestones(H, (("开工", H - timedelta(minutes=1)),)), "milestone.acceptance_before_handover"),
        (Milestones(H, (("开工", H + timedelta(days=5)), ("水电", H - timedelta(days=1)))),
         "milestone.acceptance_before_handover"),
        (Milestones(H, (), H - timedelta(days=1)), "milestone.final_before_handover"),
        (Milestones(H, (("开工", H + timedelta(days=5)),), H + timedelta(days=4)), "milestone.final_before_acceptance"),
        (Milestones(None, (("开工", H + timedelta(days=5)),), H + timedelta(days=4)),
         "milestone.final_before_acceptance"),
        (Milestones(NOW + timedelta(days=400)), "milestone.too_far"),
        (Milestones(H, (("开工", NOW + timedelta(days=367)),)), "milestone.too_far"),
        (Milestones(H, (), NOW + timedelta(days=367)), "milestone.too_far"),
        (Milestones(H, warranty_months=0), "milestone.bad_warranty"),
        (Milestones(H, warranty_months=-3), "milestone.bad_warranty"),
        (Milestones(H, warranty_months=121), "milestone.bad_warranty"),
        (Milestones(H, warranty_months=True), "milestone.bad_warranty"),
        (Milestones(H, warranty_months=1.5), "milestone.bad_warranty"),
        (Milestones(H, (("开工", H + timedelta(days=1)), ("开工", H + timedelta(days=2)))), "milestone.duplicate_stage"),
    ],
)
def test_bad_milestones_are_refused_with_one_code_each(milestones, code):
    with pytest.raises(MilestoneError) as caught:
        check(milestones, NOW)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "milestones",
    [
        Milestones(None),
        Milestones(H),
        Milestones(H, (("开工", H),), H),  # the same moment is not "before"
        Milestones(None, (("开工", H),), H + timedelta(days=90), warranty_months=1),
        Milestones(H, (("开工", H + timedelta(days=1)),), NOW + timedelta(days=365), warranty_months=120),
        Milestones(local(2020, 1, 1, 9, 0)),  # the past is fine: old projects are entered late
    ],
)
def test_good_milestones_pass(milestones):
    assert check(milestones, NOW) is None


def test_naive_times_are_a_programming_error():
    with pytest.raises(TypeError):
        check(Milestones(datetime(2026, 3, 2, 9, 0)), NOW)
