"""Money read as clerks and Excel write it, kept exact in fen (never floats)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callcenter.rules import money


@pytest.mark.parametrize("text, fen", [
    ("12800", 1_280_000),
    ("12,800.00", 1_280_000),
    ("1,234,567.8", 123_456_780),
    ("¥12800", 1_280_000),
    ("￥12,800元", 1_280_000),
    ("1.28万", 1_280_000),
    ("1.23456万", 1_234_560),
    ("１２８００", 1_280_000),  # full-width digits from a Chinese IME
    (" 0.01 ", 1),
    ("RMB 500", 50_000),
])
def test_amounts_are_read_as_clerks_write_them(text, fen):
    assert money.read_yuan(text) == fen


@pytest.mark.parametrize("text", ["12.8.0", "", "abc", "-100", "1,28", "12,80.00", "12.345", "1.2345678万", "¥",
                                  "1e5", "NaN", "12 800,00"])
def test_what_could_mean_two_things_is_refused(text):
    with pytest.raises(ValueError):
        money.read_yuan(text)


def test_shown_groups_thousands_with_two_decimals():
    assert money.shown(1_280_000) == "12,800.00"
    assert money.shown(5) == "0.05"
    assert money.yuan(1_280_001) == Decimal("12800.01")


amounts = st.lists(st.integers(min_value=0, max_value=10**12), max_size=50)


@given(amounts)
def test_total_is_exact_and_order_free(values):
    assert money.total(values) == money.total(reversed(values))
    assert money.yuan(money.total(values)) == sum((money.yuan(v) for v in values), Decimal(0))


@given(st.integers(min_value=0, max_value=10**12))
def test_shown_reads_back_to_the_same_fen(fen):
    assert money.read_yuan(money.shown(fen)) == fen


@given(st.integers(min_value=0, max_value=10**12),
       st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=6).filter(lambda s: sum(s) <= 100))
def test_split_parts_add_up_to_the_amount(amount, shares):
    shares = shares + [100 - sum(shares)]
    parts = money.split(amount, shares)
    assert sum(parts) == amount and all(p >= 0 for p in parts) and len(parts) == len(shares)


def test_split_refuses_shares_that_are_not_percents():
    with pytest.raises(ValueError):
        money.split(100, [50, 40])
