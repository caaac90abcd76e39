"""Coercion of user input (lists, numpy arrays, scalars, strings from forms or CSV) to arrays.

Every coercion is vectorised. Free-text codes are matched in two steps: a fast exact comparison
against the canonical spellings, then a normalisation (strip, lower case, "1.0" -> "1") of the
*distinct* remaining values only, so a million rows of "L"/"P" cost a few array comparisons.

Nothing here raises for a bad value: each function returns the parsed array plus a boolean mask of
values that were given but could not be understood, which the caller turns into NaN and a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ranting.growth.constants import (
    ANTHRO_OEDEMA_NO_NUMBER,
    ANTHRO_OEDEMA_YES_NUMBER,
    ASCII_SIZE,
    MEASURE_HEIGHT,
    MEASURE_LENGTH,
    OEDEMA_NO,
    OEDEMA_YES,
    SEX_FEMALE,
    SEX_MALE,
)

__all__ = [
    "MEASURE_HEIGHT",
    "MEASURE_LENGTH",
    "MEASURE_TOKENS",
    "MISSING",
    "MISSING_TOKENS",
    "OEDEMA_NO",
    "OEDEMA_NUMBERS",
    "OEDEMA_TOKENS",
    "OEDEMA_YES",
    "SEX_NUMBERS",
    "SEX_TOKENS",
    "Parsed",
    "broadcast_length",
    "to_codes",
    "to_float",
]

# Spellings of "no value" in forms, CSV files and str() of Python/numpy missing values.
MISSING_TOKENS = frozenset({"", "nan", "none", "na", "n/a", "<na>", "null", "nat"})

MISSING = 0  # code of a missing categorical input

# Accepted spellings after strip() and lower(). anthro accepts 1/2/m/f for sex, l/h for measure and
# y/n/1/2 for oedema; we add the Indonesian L (laki-laki) / P (perempuan) and the words for sex,
# and true/false (str() of Python booleans) for oedema.
SEX_TOKENS: Mapping[str, int] = {
    "1": SEX_MALE,
    "m": SEX_MALE,
    "l": SEX_MALE,
    "2": SEX_FEMALE,
    "f": SEX_FEMALE,
    "p": SEX_FEMALE,
    "male": SEX_MALE,
    "laki-laki": SEX_MALE,
    "female": SEX_FEMALE,
    "perempuan": SEX_FEMALE,
}
MEASURE_TOKENS: Mapping[str, int] = {"l": MEASURE_LENGTH, "h": MEASURE_HEIGHT}
OEDEMA_TOKENS: Mapping[str, int] = {
    "y": OEDEMA_YES,
    "1": OEDEMA_YES,
    "true": OEDEMA_YES,
    "n": OEDEMA_NO,
    "2": OEDEMA_NO,
    "false": OEDEMA_NO,
}
# Numeric spellings (an int or float array): anthro's sex 1/2 and oedema "1"/"2".
SEX_NUMBERS: Mapping[int, int] = {SEX_MALE: SEX_MALE, SEX_FEMALE: SEX_FEMALE}
OEDEMA_NUMBERS: Mapping[int, int] = {
    ANTHRO_OEDEMA_YES_NUMBER: OEDEMA_YES,
    ANTHRO_OEDEMA_NO_NUMBER: OEDEMA_NO,
}


@dataclass(frozen=True)
class Parsed:
    """One coerced input: `values` (float64 or int8 codes) and `invalid` (given but not usable)."""

    values: NDArray[Any]
    invalid: NDArray[np.bool_]


def _as_1d(values: Any, name: str) -> NDArray[Any]:
    array = np.atleast_1d(np.asarray(values))  # a scalar is a length-1 input, repeated later
    if array.ndim > 1:
        raise ValueError(f"{name} must be a scalar or a one-dimensional array, got {array.ndim}-D")
    return array


def _normalise_token(text: str) -> str:
    token = text.strip().lower()
    try:
        number = float(token)
    except ValueError:
        return token
    # "1.0" (a float written to CSV) means the code "1".
    return str(int(number)) if number.is_integer() else token


def to_float(values: Any, name: str) -> Parsed:
    """Coerce a numeric input to float64; None, NaN and blank strings become NaN.

    `invalid` marks values that were given but are not finite numbers ("abc", inf, True).
    """
    array = _as_1d(np.nan if values is None else values, name)
    if array.dtype.kind in "iuf":
        floats = array.astype(np.float64, copy=False)
        invalid = np.isinf(floats)
        if invalid.any():
            floats = np.where(invalid, np.nan, floats)
        return Parsed(floats, invalid)
    if array.dtype.kind == "b":
        return Parsed(np.full(array.shape, np.nan), np.ones(array.shape, dtype=bool))
    try:
        # Text of numbers, Decimal (Django DecimalField) and None all convert here.
        floats = array.astype(np.float64)
        invalid = np.isinf(floats)
    except (TypeError, ValueError):
        floats, invalid = _parse_floats_slowly(array)
    floats = np.where(invalid, np.nan, floats)
    return Parsed(floats, invalid)


def _parse_floats_slowly(array: NDArray[Any]) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Parse mixed text by its distinct values (one Python step per distinct value)."""
    distinct, inverse = np.unique(array.astype(str), return_inverse=True)
    parsed = np.full(distinct.shape, np.nan)
    bad = np.zeros(distinct.shape, dtype=bool)
    for position, text in enumerate(distinct.tolist()):
        token = text.strip()
        if token.lower() in MISSING_TOKENS:
            continue
        try:
            parsed[position] = float(token)
        except ValueError:
            bad[position] = True
    bad |= np.isinf(parsed)
    return parsed[inverse].reshape(array.shape), bad[inverse].reshape(array.shape)


def to_codes(
    values: Any,
    name: str,
    tokens: Mapping[str, int],
    numbers: Mapping[int, int] | None = None,
    booleans: Mapping[bool, int] | None = None,
) -> Parsed:
    """Map a categorical input to int8 codes (0 = missing) via its accepted spellings.

    `numbers` maps values of a numeric array, `booleans` values of a boolean array; without them
    such arrays are invalid. Unrecognised values get code 0 and `invalid` True.
    """
    array = _as_1d(np.nan if values is None else values, name)
    codes = np.zeros(array.shape, dtype=np.int8)
    kind = array.dtype.kind
    if kind == "b":
        if booleans is None:
            return Parsed(codes, np.ones(array.shape, dtype=bool))
        codes = np.where(array, np.int8(booleans[True]), np.int8(booleans[False]))
        return Parsed(codes, np.zeros(array.shape, dtype=bool))
    if kind in "iuf":
        # Branch-free: the accepted values are distinct, so at most one term is non-zero.
        for number, code in (numbers or {}).items():
            codes += (array == number).view(np.int8) * np.int8(code)
        invalid = codes == MISSING
        if kind == "f":
            invalid &= ~np.isnan(array)
        return Parsed(codes, invalid)
    text = array if kind == "U" else array.astype(str)
    if text.dtype.itemsize == np.dtype("<U1").itemsize:
        return _single_characters(text, tokens)
    matched = np.zeros(array.shape, dtype=bool)
    # Fast path: exact canonical spellings, lower and upper case.
    for token, code in tokens.items():
        for spelling in {token, token.upper()}:
            hit = text == spelling
            np.copyto(codes, code, where=hit)
            matched |= hit
    invalid = np.zeros(array.shape, dtype=bool)
    rest = np.flatnonzero(~matched)
    if rest.size:
        distinct, inverse = np.unique(text[rest], return_inverse=True)
        distinct_codes = np.zeros(distinct.shape, dtype=np.int8)
        distinct_bad = np.zeros(distinct.shape, dtype=bool)
        for position, raw in enumerate(distinct.tolist()):
            token = _normalise_token(raw)
            if token in MISSING_TOKENS:
                continue
            if token in tokens:
                distinct_codes[position] = tokens[token]
            else:
                distinct_bad[position] = True
        codes[rest] = distinct_codes[inverse]
        invalid[rest] = distinct_bad[inverse]
    return Parsed(codes, invalid)


def _single_characters(text: NDArray[np.str_], tokens: Mapping[str, int]) -> Parsed:
    """Codes of a one-character text array through a lookup table on the code points."""
    code_points = text.view(np.uint32)
    table = np.zeros(ASCII_SIZE, dtype=np.int8)
    known = np.zeros(ASCII_SIZE, dtype=bool)
    for token, code in tokens.items():
        if len(token) == 1:
            for spelling in (token.lower(), token.upper()):
                table[ord(spelling)] = code
                known[ord(spelling)] = True
    for token in MISSING_TOKENS | {" "}:
        if len(token) <= 1:
            known[ord(token) if token else 0] = True
    ascii_only = np.minimum(code_points, ASCII_SIZE - 1)
    codes = table.take(ascii_only)
    invalid = ~known.take(ascii_only) | (code_points >= ASCII_SIZE)
    return Parsed(codes, invalid)


def broadcast_length(arrays: Mapping[str, NDArray[Any]]) -> int:
    """The common row count of the inputs; scalars and length-1 arrays broadcast.

    Raises ValueError naming every input length when two inputs disagree.
    """
    lengths = {name: array.shape[0] for name, array in arrays.items() if array.ndim == 1}
    sizes = {size for size in lengths.values() if size != 1}
    if len(sizes) > 1:
        detail = ", ".join(f"{name}={size}" for name, size in lengths.items())
        raise ValueError(
            "anthro_zscores inputs must have the same length (scalars are repeated); got " + detail
        )
    if sizes:
        return int(sizes.pop())
    return 1
