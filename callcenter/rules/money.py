"""Money as the ledger keeps it: exact yuan with two decimals, stored as whole fen (分).

Never floats: `0.1 + 0.2` yuan must be 0.30. What clerks and Excel write is read:
`12800`, `12,800.00`, `¥12800`, `￥12,800元`, `1.28万`, full-width digits. What could mean two
things is refused: `12.8.0`, `1,28`, a third decimal (`12.345`), a negative amount.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Iterable

_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 12,800.00: commas only between thousands
_TEN_THOUSAND = Decimal(10000)
_FEN = Decimal(100)
_CURRENCY = ("¥", "RMB", "CNY")
_UNIT = ("元",)


def read_yuan(text: str) -> int:
    """The amount in fen; ValueError when the text is no amount, or not to the fen."""
    folded = unicodedata.normalize("NFKC", text).strip().replace(" ", "")  # ￥ and full-width digits
    for sign in _CURRENCY:
        folded = folded.removeprefix(sign)
    for unit in _UNIT:
        folded = folded.removesuffix(unit)
    scale = Decimal(1)
    if folded.endswith("万"):
        folded, scale = folded[:-1], _TEN_THOUSAND
    if _GROUPED.fullmatch(folded):
        folded = folded.replace(",", "")
    elif not _PLAIN.fullmatch(folded):
        raise ValueError(f"not an amount: {text!r}")
    try:
        fen = Decimal(folded) * scale * _FEN
    except InvalidOperation:  # pragma: no cover - the patterns admit only digits and one point
        raise ValueError(f"not an amount: {text!r}") from None
    if fen != fen.to_integral_value():
        raise ValueError(f"more than two decimals: {text!r}")
    return int(fen)


def yuan(fen: int) -> Decimal:
    """Fen as an exact Decimal of yuan with two places (for JSON and sums shown)."""
    return (Decimal(fen) / _FEN).quantize(Decimal("0.01"))


def shown(fen: int) -> str:
    """`12,800.00`: thousands grouped, always two decimals."""
    return f"{yuan(fen):,.2f}"


def total(amounts: Iterable[int]) -> int:
    """The sum of amounts in fen (integers: exact whatever their order)."""
    return sum(amounts, 0)


def split(amount: int, shares: Iterable[int]) -> list[int]:
    """`amount` fen in parts by percent shares (四步收款: 30/30/30/10); the last part takes what
    rounding leaves, so the parts always add up to the amount exactly."""
    shares = list(shares)
    if not shares or any(share < 0 for share in shares) or sum(shares) != 100:
        raise ValueError(f"shares must be percents adding up to 100: {shares!r}")
    parts = [amount * share // 100 for share in shares[:-1]]
    return parts + [amount - sum(parts)]
