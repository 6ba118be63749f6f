"""Every parser in callcenter/rules/ is total: for any text whatsoever it returns a value or
raises its own documented error, never anything else (the desk parses as the clerk types).

Property tests; the number of examples comes from the Hypothesis profile (tests/conftest.py):
2,000 per parser by default, 100,000 with `pytest --hypothesis-profile=fuzz`.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from callcenter.rules import (
    clock,
    phone,
    pinyin,
    relative_time,
    setting_text,
    text,
    workcal,
)
from callcenter.rules.followup_plan import MilestoneError, Milestones, check, plan
from db.defaults import DEFAULTS

# ---- text strategies: any unicode, each parser's own alphabet, and near-valid inputs -----------

# Every code point, lone surrogates included (Hypothesis leaves those out by default).
ANY_CHAR = st.characters(exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR)
CONTROLS = "\x00\x07\x08\t\n\x0b\x0c\r\x1b\x7f\x85\x9b\u2028\u2029\ufeff\u200b"


def texts(tokens: list[str], valid: list[str]) -> st.SearchStrategy[str]:
    """Arbitrary text, text built from `tokens` and any characters, every prefix of a valid
    input, valid inputs with one character changed, inserted or removed, and huge repeats."""
    token = st.sampled_from(tokens + list(CONTROLS))
    built = st.lists(st.one_of(token, ANY_CHAR), max_size=12).map("".join)
    prefix = st.builds(lambda s, n: s[:n % (len(s) + 1)], st.sampled_from(valid), st.integers(0, 99))

    def edit(s: str, at: int, insert: str, drop: bool) -> str:
        at = at % (len(s) + 1)
        return s[:at] + insert + s[at + drop:]

    edited = st.builds(edit, st.sampled_from(valid), st.integers(0, 99), st.one_of(token, ANY_CHAR, st.just("")),
                       st.booleans())
    joined = st.lists(st.one_of(st.sampled_from(valid), token), min_size=2, max_size=4).map(" ".join)
    huge = st.builds(lambda piece, times: piece * times, st.one_of(token, st.sampled_from(valid), ANY_TEXT),
                     st.integers(1, 5_000))
    return st.one_of(ANY_TEXT, built, prefix, edited, joined, huge)


# ---- phone -------------------------------------------------------------------------------------

PHONE_TOKENS = list("0123456789０１２３４５６７８９+＋-－()（）.．#,，x \u3000/*٣५") + [
    "00", "0086", "+86", "00852", "001", "转", "分机", "ext", "ext.", "EXT", "x", " 转 ", "(0", "0)"]
PHONES = ["0086 139 1234 5678", "+86 138-1234-5678", "(0396)2345678", "0396-2345678 转 801", "95588",
          "10086", "110", "400-888-1234", "０１３８１２３４５６７８", "＋８６　１３８　１２３４　５６７８",
          "00852 2345 6789", "001 212 555 0100", "+1 (212) 555-0100", "0396-2345678-801",
          "13812345678#801", "0396 234 5678 ext. 801", "2345678", "800-810-0000"]
PHONE_CODES = {"phone.empty", "phone.letters", "phone.invalid"}


@given(texts(PHONE_TOKENS, PHONES), st.sampled_from(["0396", "", "021"]))
def test_parse_phone_is_total(typed, area_code):
    try:
        number = phone.parse_phone(typed, "CN", area_code)
    except phone.PhoneError as error:
        assert error.code in PHONE_CODES
    else:
        assert number.raw == typed.strip()
        assert number.kind in {"mobile", "landline", "service", "short", "other"}
        assert number.e164 is None or number.e164.startswith("+")
        assert isinstance(phone.display(number.e164, number.raw), str)


@given(st.one_of(texts(PHONE_TOKENS, ["+8613812345678", "+863962345678", "+12125550100", "+85223456789"]),
                 st.none()), ANY_TEXT)
def test_display_and_describe_take_any_stored_number(e164, raw):
    """A stored number may come from an old import or a hand-edited file: it is shown, never raised."""
    shown = phone.display(e164, raw)
    assert isinstance(shown, str)
    if e164:
        region, carrier = phone.describe(e164)
        assert isinstance(region, str) and isinstance(carrier, str)


# ---- relative times ----------------------------------------------------------------------------

WHEN_TOKENS = list("0123456789０１２３４５６７８９:：+-/. 年月日号点时分半后个周天") + [
    "明天", "今天", "后天", "大后天", "下周三", "下下周", "上周", "本周", "星期", "礼拜", "上午", "下午",
    "晚上", "中午", "十", "二十三", "两", "一刻", "三刻", "小时", "分钟", "以后", "h", "m", "d", "w", "+3h",
    "in ", "an ", "tomorrow", "today", "next ", "this ", "wed", "monday", "am", "pm", "a.m.", "at ",
    "9999", "0000", "99", "00", "T", "t", "99999999"]
WHENS = ["+3h", "+1h30m", "明天 10:00", "下周三 15:00", "tomorrow 9:30", "3小时后", "1个半小时后", "明天下午3点半",
         "2026-12-01 14:30", "2026年12月1日", "12月1号 上午", "9:30 tomorrow", "next wed 3pm", "三点一刻",
         "in 2 days", "９：３０", "9999-12-31 23:59", "0001-01-01", "+999999d", "+999999w"]
NOW = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc))


@given(texts(WHEN_TOKENS, WHENS), NOW)
def test_parse_when_is_total(typed, now):
    try:
        moment = relative_time.parse_when(typed, now, "Asia/Shanghai")
    except relative_time.WhenError as error:
        assert error.code in {"when.unreadable", "when.past"}
    else:
        assert moment > now and moment.utcoffset() == timedelta(0)


# ---- days on the command line and in forms ------------------------------------------------------

DAY_TOKENS = list("0123456789-:T W+Z.,/") + ["2026", "-11", "-30", "T14:30", "+08:00", "Z", "24:00", "9999",
                                            "0001", "-W48", "-1", "12:00:00.123456", "０"]
DAYS = ["2026-11-30", "2026-11-30 14:30", "2026-11-30T14:30:00+08:00", "20261130", "2026-W48-1",
        "9999-12-31", "9999-12-31T23:59:59", "0001-01-01", "0001-01-01T00:00-12:00", "2026-11-30T14:30Z"]


@given(texts(DAY_TOKENS, DAYS), st.booleans(), st.sampled_from(["Asia/Shanghai", "UTC", "America/New_York"]))
def test_parse_day_is_total(typed, end, zone):
    try:
        moment = clock.parse_day(typed, zone, end=end)
    except clock.DayError:
        return
    assert moment.utcoffset() == timedelta(0)


ZONE_TOKENS = ["Asia", "/", "Shanghai", "America", "New_York", "UTC", "Etc", "GMT+8", "..", ".", "zone1970.tab",
               "__init__.py", "__pycache__", "posixrules", "Factory", "tzdata.zi"]


@given(texts(ZONE_TOKENS, ["Asia/Shanghai", "UTC", "Europe/London", "Etc/GMT-8"]))
def test_zone_names_are_read_or_refused(name):
    try:
        zone = clock.zone(name)
    except clock.ZoneError:
        return
    assert zone.key == name


# ---- settings a supervisor types ---------------------------------------------------------------

SETTING_TOKENS = list("0123456789=>-:,\n\r ") + ["=>", " = ", "08:00", "12:00", "-", "greeting", "{company}",
                                                "\r\n", "\u2028", "１２", "_", "1" * 5000, "٣"]
SETTINGS = ["24", "08:00-12:00\n13:30-17:30", "greeting = 您好，{company}。", "你怎么能这样。 => 对不起",
            "设计部\n工程部", "Asia/Shanghai", "0396"]


@given(texts(SETTING_TOKENS, SETTINGS), st.sampled_from(sorted(DEFAULTS)))
def test_setting_text_is_total_and_reads_back(typed, key):
    default = DEFAULTS[key]
    try:
        value = setting_text.from_text(typed, default)
    except setting_text.SettingTextError:
        return
    assert setting_text.from_text(setting_text.to_text(value), default) == value


@given(texts(["08:00", "12:00", "13:30", "17:30", "24:00", ":", "0", "9", "-", "T", "+08:00", ".5"],
             ["08:00", "12:00", "13:30", "17:30"]),
       texts(["08:00", "17:30", "23:59", ":"], ["17:30", "12:00"]),
       st.one_of(st.integers(-3, 10), texts(list("0123456789 -"), ["1", "7"])),
       st.sampled_from(["Asia/Shanghai", "UTC", "Asia", "", "a/" * 500 + "a"]))  # any name: see clock.zone
def test_work_calendar_from_text_is_total(start, end, rest, zone):
    try:
        calendar = workcal.WorkCalendar(zone=zone, hours=((start, end),), rest_weekday=rest)
    except workcal.CalendarError:
        return
    assert calendar.end_of_day(datetime(2026, 11, 30).date()).utcoffset() == timedelta(0)


# ---- names, scripts and anything typed that is shown ------------------------------------------

NAME_TOKENS = list("张三曾丽李四王五赵六钱七孙八周九吴十郑") + ["zs", "Z", "·", "ǚ", "〇", "𠀀", "\u0301", "行长"]


@given(texts(NAME_TOKENS, ["张三", "曾丽", "欧阳 娜娜", "Lee 李", "曾曾曾曾曾曾"]))
def test_initials_keys_are_total(name):
    keys = pinyin.initials_keys(name)
    assert len(keys) <= pinyin.MAX_KEYS
    assert all(key.isascii() and key.isalnum() and key == key.lower() for key in keys)


TEMPLATE_TOKENS = ["{", "}", "{{", "}}", "{company}", "{customer}", "{clerk}", "{unknown}", "{0}", "{}", "{a.b}",
                   "{a[0]}", "{company!r}", "{company:>99999999999}", "{company:d}", "%s", "%(company)s", "$company",
                   "\\", "您好，"]
TEMPLATES = list(DEFAULTS["script"].values())


@given(texts(TEMPLATE_TOKENS, TEMPLATES), st.dictionaries(st.sampled_from(["company", "customer", "clerk", "stage"]),
                                                          st.one_of(ANY_TEXT, st.sampled_from(TEMPLATE_TOKENS))))
def test_fill_is_total(template, values):
    filled = text.fill(template, **values)
    assert isinstance(filled, str)
    if not any(f"{{{name}}}" in template for name in values):
        assert filled == template  # nothing to fill: the template as written, braces and all


@given(texts(list(CONTROLS) + ["\x1b[31m", "[b]", "[/]", "\r\n"], ["张三\n李四", "a\tb", "\x1b[2J"]))
def test_one_line_and_inert_are_total(typed):
    line = text.one_line(typed)
    assert not text.CONTROL.search(line) and "\n" not in line and "\t" not in line
    assert not text.CONTROL.search(text.inert(typed))


# ---- follow-up plans: stage names are typed by a supervisor ------------------------------------

AT = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


@given(st.lists(texts(["开工", "水电", "竣工验收", ":", "acceptance:"], ["开工", "水电"]), max_size=2),
       st.integers(-5, 200))
def test_plan_takes_any_stage_names(stages, months):
    milestones = Milestones(AT, tuple((stage, AT + timedelta(days=i)) for i, stage in enumerate(stages)),
                            AT + timedelta(days=10), months)
    try:
        check(milestones, AT)
    except MilestoneError as error:
        assert error.code.startswith("milestone.")
        return
    calls = plan(milestones, workcal.WorkCalendar())
    assert {call.key for call in calls} >= {f"acceptance:{stage}" for stage in stages}
