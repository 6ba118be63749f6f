"""Phone numbers as clerks type them (DESIGN.md, Data): one E.164 value per number."""
import pytest

from callcenter.rules.phone import Phone, PhoneError, display, parse_phone

AREA = "0396"  # the company's default area code (db/defaults.py)
MOBILE = "+8613812345678"
LANDLINE = "+863962345678"


def parse(text: str) -> Phone:
    return parse_phone(text, "CN", AREA)


@pytest.mark.parametrize(
    "typed, e164",
    [
        # mobiles
        ("13812345678", MOBILE),
        ("138 1234 5678", MOBILE),
        ("138-1234-5678", MOBILE),
        ("+8613812345678", MOBILE),
        ("+86 138 1234 5678", MOBILE),
        ("+86-138-1234-5678", MOBILE),
        ("+86 (138) 1234-5678", MOBILE),
        ("0086 138 1234 5678", MOBILE),
        ("008613812345678", MOBILE),
        ("86 13812345678", MOBILE),
        ("  13812345678  ", MOBILE),
        # full-width digits, plus and ideographic space from a Chinese input method
        ("１３８１２３４５６７８", MOBILE),
        ("＋８６　１３８　１２３４　５６７８", MOBILE),
        ("１３８－１２３４－５６７８", MOBILE),
        # landlines in 驻马店 (0396), with and without the trunk 0, brackets, dashes, spaces
        ("0396-2345678", LANDLINE),
        ("03962345678", LANDLINE),
        ("0396 234 5678", LANDLINE),
        ("(0396)2345678", LANDLINE),
        ("(0396) 234-5678", LANDLINE),
        ("（０３９６）２３４５６７８", LANDLINE),
        ("396 2345678", LANDLINE),
        ("+86 396 2345678", LANDLINE),
        ("+86 (396) 234-5678", LANDLINE),
        ("0086 396 2345678", LANDLINE),
        # a bare local number takes the default area code
        ("2345678", LANDLINE),
        ("234-5678", LANDLINE),
        ("２３４５６７８", LANDLINE),
        # other cities keep their own area code
        ("010-12345678", "+861012345678"),
        ("021 6123 4567", "+862161234567"),
        # 400 / 800 service numbers
        ("4008123123", "+864008123123"),
        ("400-812-3123", "+864008123123"),
        ("400 812 3123", "+864008123123"),
        ("8008100000", "+868008100000"),
        ("800-810-0000", "+868008100000"),
        # a foreign caller
        ("+1 212 555 0100", "+12125550100"),
    ],
)
def test_every_form_of_a_number_gives_one_e164(typed, e164):
    phone = parse(typed)
    assert phone.e164 == e164
    assert phone.extension == ""
    assert phone.raw == typed.strip()  # the text as typed is kept


@pytest.mark.parametrize(
    "typed, kind",
    [("13812345678", "mobile"), ("0396-2345678", "landline"), ("400-812-3123", "service"),
     ("800-810-0000", "service"), ("95588", "short")],
)
def test_kind(typed, kind):
    assert parse(typed).kind == kind


@pytest.mark.parametrize("typed", ["95588", "10086", "110", "119", "120", "12345", "１００８６"])
def test_short_service_numbers_are_accepted_without_e164(typed):
    phone = parse(typed)
    assert phone.kind == "short"
    assert phone.e164 is None
    assert phone.last4 is None
    assert phone.raw == typed


@pytest.mark.parametrize(
    "typed, e164",
    [
        ("0396-2345678转801", LANDLINE),
        ("0396-2345678 转 801", LANDLINE),
        ("0396-2345678分机801", LANDLINE),
        ("0396-2345678 ext 801", LANDLINE),
        ("0396-2345678 ext. 801", LANDLINE),
        ("0396-2345678 EXT 801", LANDLINE),
        ("0396-2345678x801", LANDLINE),
        ("0396-2345678#801", LANDLINE),
        ("0396-2345678-801", LANDLINE),
        ("(0396)2345678-801", LANDLINE),
        ("2345678转801", LANDLINE),
        ("400-812-3123转801", "+864008123123"),
        ("400-812-3123-801", "+864008123123"),
        ("13812345678转801", MOBILE),
        ("０３９６－２３４５６７８转８０１", LANDLINE),
    ],
)
def test_extensions_are_split_off(typed, e164):
    phone = parse(typed)
    assert phone.e164 == e164
    assert phone.extension == "801"


@pytest.mark.parametrize(
    "typed, code",
    [
        ("", "phone.empty"),
        ("   ", "phone.empty"),
        ("\u3000", "phone.empty"),
        ("abc", "phone.letters"),
        ("call me", "phone.letters"),
        ("无", "phone.letters"),
        ("张三", "phone.letters"),
        ("138abc5678", "phone.letters"),
        ("138-1234-567O", "phone.letters"),  # a letter O typed for a zero
        ("ext 801", "phone.letters"),
        ("转801", "phone.letters"),
        ("---", "phone.letters"),
        ("()", "phone.letters"),
        ("1", "phone.invalid"),
        ("12", "phone.invalid"),
        ("99999", "phone.invalid"),
        ("00000000", "phone.invalid"),
        ("1381234567", "phone.invalid"),  # a mobile one digit short
        ("138123456789", "phone.invalid"),  # one digit long
        ("1234567890123", "phone.invalid"),
        ("+86 000 0000 0000", "phone.invalid"),
        ("0396-2345678-1234567", "phone.invalid"),  # no extension is that long
        # half-typed international prefixes, which phonenumbers itself refuses with its own error
        ("008", "phone.invalid"),
        ("0086", "phone.invalid"),
        ("001", "phone.invalid"),
        ("00852", "phone.invalid"),
        ("+8", "phone.invalid"),
        # a paste far longer than any number: refused before a regular expression backtracks on it
        ("1" + " " * 30000 + "x", "phone.invalid"),
        ("1" * 65, "phone.invalid"),
    ],
)
def test_what_is_no_number_is_refused_with_its_reason(typed, code):
    with pytest.raises(PhoneError) as caught:
        parse(typed)
    assert caught.value.code == code


def test_last4_are_the_last_four_digits_of_the_e164():
    assert parse("138 1234 5678").last4 == "5678"
    assert parse("0396-2345678转801").last4 == "5678"


def test_without_an_area_code_a_bare_local_number_is_not_guessed():
    with pytest.raises(PhoneError) as caught:
        parse_phone("2345678", "CN", "")
    assert caught.value.code == "phone.invalid"


def test_another_default_area_code_is_used_for_local_numbers():
    assert parse_phone("61234567", "CN", "021").e164 == "+862161234567"


def test_display_is_the_national_form_and_falls_back_to_the_raw_text():
    assert display(MOBILE).replace(" ", "") == "13812345678"
    assert display(LANDLINE).replace(" ", "") == "03962345678"
    assert display(None, "95588") == "95588"
    assert display(None) == ""


def test_fast_national_form_matches_phonenumbers():
    """Lists format numbers without phonenumbers; the result must be what phonenumbers says."""
    import random

    import phonenumbers

    from callcenter.rules.phone import display

    rng = random.Random(7)
    samples = ["+863962345678", "+861012345678", "+8637165123456", "+862112345678", "+864001234567",
               "+868008201234", "+8675512345678", "+12025550123"]
    samples += [f"+86{rng.choice(['138', '139', '150', '186', '177'])}{rng.randrange(10**8):08d}" for _ in range(200)]
    samples += [f"+86396{rng.randrange(2, 9)}{rng.randrange(10**6):06d}" for _ in range(200)]
    for e164 in samples:
        number = phonenumbers.parse(e164)
        expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        assert display(e164) == expected, e164


@pytest.mark.parametrize("stored, raw, shown", [("+86", "", "+86"), ("abc", "", "abc"), ("+0", "0", "0"),
                                                ("13812345678", "138 1234 5678", "138 1234 5678")])
def test_a_stored_number_phonenumbers_cannot_read_is_shown_as_it_is(stored, raw, shown):
    from callcenter.rules.phone import describe

    assert display(stored, raw) == shown
    assert describe(stored) == ("", "")
