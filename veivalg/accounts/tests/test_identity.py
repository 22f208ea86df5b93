"""The identity-number wrapper accepts every valid number and refuses any one-digit change."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veivalg.accounts.identity import (
    InvalidIdentityNumber,
    birth_date,
    compose_identity_number,
    identity_hash,
    validate_identity_number,
)
from veivalg.accounts.testing import identity_number

birth_dates = st.dates(min_value=datetime.date(1940, 1, 1), max_value=datetime.date(2020, 12, 31))


def _individual_for(born: datetime.date) -> st.SearchStrategy[int]:
    # 1940–1999: 000–499; 2000–2039: 500–999.
    return st.integers(0, 499) if born.year < 2000 else st.integers(500, 999)


@st.composite
def identity_numbers(draw):
    born = draw(birth_dates)
    is_synthetic = draw(st.booleans())
    number = compose_identity_number(born, draw(_individual_for(born)), synthetic=is_synthetic)
    if number is None:  # this individual number has no valid check digit
        from hypothesis import reject

        reject()
    return number, born


@given(identity_numbers())
def test_valid_numbers_are_accepted_with_their_birth_date(case):
    number, born = case
    assert validate_identity_number(number) == number
    assert birth_date(number) == born


@given(identity_numbers(), st.integers(0, 10), st.integers(1, 9))
def test_any_single_digit_change_is_refused(case, position, delta):
    number, _ = case
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(InvalidIdentityNumber):
        validate_identity_number(changed)


@pytest.mark.parametrize("value", [None, 12345678901, "", "abc", "1234567890", "123456789012"])
def test_garbage_is_refused(value):
    with pytest.raises(InvalidIdentityNumber):
        validate_identity_number(value)


def test_synthetic_numbers_are_refused_when_not_allowed(settings):
    settings.IDENTITY_ACCEPT_SYNTHETIC = False
    number = compose_identity_number(datetime.date(1990, 3, 14), 412, synthetic=True)
    with pytest.raises(InvalidIdentityNumber):
        validate_identity_number(number)


def test_error_message_never_repeats_the_number():
    try:
        validate_identity_number("14839041286")
    except InvalidIdentityNumber as error:
        assert "1483904" not in str(error)


def test_hash_is_keyed(settings):
    number = identity_number(datetime.date(1990, 3, 14), synthetic=False)
    first = identity_hash(number)
    settings.IDENTITY_HASH_KEY = "another key"
    assert identity_hash(number) != first and len(first) == 64
