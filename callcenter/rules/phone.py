"""Phone numbers as clerks type them: one E.164 form for every way of writing one number.

Short service numbers (95588, 10086, 110), 400/800 numbers and extensions are real callers and
are accepted; text that is no phone number at all is refused with a reason code.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache


class PhoneError(ValueError):
    """`code` is a message-catalog key: phone.empty, phone.letters or phone.invalid.

    The only error `parse_phone` raises, whatever the text: the desk parses at every keystroke.
    """

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Phone:
    raw: str  # as typed
    e164: str | None  # None for short numbers, which have no international form
    kind: str  # mobile | landline | service | short | other
    extension: str = ""

    @property
    def last4(self) -> str | None:
        digits = self.e164 or ""
        return digits[-4:] if len(digits) >= 5 else None


@cache
def _lib():  # warm_up() below loads it ahead of need
    """phonenumbers, imported on first use: the desk draws its first screen without it."""
    import phonenumbers
    from phonenumbers import PhoneNumberType, shortnumberinfo

    kinds = {
        PhoneNumberType.MOBILE: "mobile",
        PhoneNumberType.FIXED_LINE: "landline",
        PhoneNumberType.FIXED_LINE_OR_MOBILE: "landline",
        PhoneNumberType.SHARED_COST: "service",
        PhoneNumberType.TOLL_FREE: "service",
    }
    return phonenumbers, shortnumberinfo, kinds


# Far more than any number with an extension and spacing; longer text is refused before any
# regular expression or phonenumbers sees it (phonenumbers itself stops at 250).
MAX_LENGTH = 64
_EXTENSION = re.compile(r"^(.*?)\s*(?:转|分机|ext\.?|x|#|,)\s*(\d{1,6})$", re.IGNORECASE)
_ALLOWED = re.compile(r"^[\d\s+\-().]*$")


def _parsed(text: str, region: str | None):
    """phonenumbers' reading of `text`, or None where it refuses (a bare "008" is an IDD too short)."""
    phonenumbers, _, _ = _lib()
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _valid(text: str, region: str):
    number = _parsed(text, region)
    return number if number is not None and _lib()[0].is_valid_number(number) else None


def _full(body: str, area_code: str) -> str:
    """Digits to parse: keep a leading +, put the local area code before a bare local number."""
    digits = re.sub(r"\D", "", body)
    if body.lstrip().startswith("+"):
        return "+" + digits
    if 7 <= len(digits) <= 8 and digits[0] not in "01" and area_code:
        return area_code + digits
    return digits


def parse_phone(text: str, region: str = "CN", area_code: str = "") -> Phone:
    raw = text.strip()
    if not raw:
        raise PhoneError("phone.empty")
    if len(raw) > MAX_LENGTH:
        raise PhoneError("phone.invalid")
    # Chinese input methods type full-width digits and brackets; NFKC folds them to ASCII.
    folded = unicodedata.normalize("NFKC", raw)
    body, extension = folded, ""
    match = _EXTENSION.match(folded)
    if match and re.search(r"\d", match.group(1)):
        body, extension = match.group(1), match.group(2)
    if not _ALLOWED.match(body):
        raise PhoneError("phone.letters")
    digits = re.sub(r"\D", "", body)
    if not digits:
        raise PhoneError("phone.letters")
    phonenumbers, shortnumberinfo, kinds = _lib()
    if not body.lstrip().startswith("+") and 3 <= len(digits) <= 6:
        short = _parsed(digits, region)
        if short is not None and shortnumberinfo.is_valid_short_number_for_region(short, region):
            return Phone(raw, None, "short", extension)
        raise PhoneError("phone.invalid")
    number = _valid(_full(body, area_code), region)
    if number is None and not extension:
        # "0396-2345678-801": a trailing group after a valid number is its extension.
        head, sep, tail = re.sub(r"[\s\-.]+$", "", body).rpartition("-")
        if sep and tail.isdigit() and len(tail) <= 6:
            number = _valid(_full(head, area_code), region)
            extension = tail if number is not None else ""
    if number is None:
        raise PhoneError("phone.invalid")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    kind = kinds.get(phonenumbers.number_type(number), "other")
    return Phone(raw, e164, kind, extension)


def _national_cn(e164: str) -> str | None:
    """China's national form without phonenumbers (31 us a number, too slow for lists)."""
    digits = e164[3:]
    if not (e164.startswith("+86") and digits.isdigit()):
        return None
    if len(digits) == 11 and digits[0] == "1":  # mobile: 138 1234 5678
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if digits[0] in "23456789" or digits.startswith("10"):
        area = 2 if digits.startswith(("10", "2")) else 3
        subscriber = digits[area:]
        if digits[:3] in ("400", "800"):  # 400 123 4567
            return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else None
        if len(subscriber) == 8:  # 010 1234 5678, 0371 6512 3456
            return f"0{digits[:area]} {subscriber[:4]} {subscriber[4:]}"
        if len(subscriber) == 7:  # 0396 234 5678
            return f"0{digits[:area]} {subscriber[:3]} {subscriber[3:]}"
    return None


def display(e164: str | None, raw: str = "") -> str:
    """A readable national form (0396 234 5678, 138 1234 5678); the raw text when there is none.

    Stored numbers may come from an import or an older version: one phonenumbers cannot read is
    shown as it is, never raised.
    """
    if not e164:
        return raw
    fast = _national_cn(e164)
    if fast is not None:
        return fast
    number = _parsed(e164, None)
    if number is None:
        return raw or e164
    phonenumbers, _, _ = _lib()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def describe(e164: str, lang: str = "zh") -> tuple[str, str]:
    """Region and carrier of a number ("" each when unknown, or no number at all).

    Imports about 260 ms of data: call off the event loop.
    """
    from phonenumbers import carrier, geocoder

    number = _parsed(e164, None)
    if number is None:
        return "", ""
    locale = "zh" if lang == "zh" else "en"
    return geocoder.description_for_number(number, locale), carrier.name_for_number(number, locale)


def warm_up() -> None:
    """Load phonenumbers and China's metadata now, so the first number typed is parsed at once."""
    _lib()[0].parse("13800138000", "CN")
