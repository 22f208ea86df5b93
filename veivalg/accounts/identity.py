"""The national identity number (fødselsnummer or D-nummer): validate it, hash it for look-up, read
the birth date from it. The number itself is never stored, logged or put in a URL.

Test environments (ID-porten's test environment, Tenor) use *synthetic* numbers: the month has 80
added. They are accepted only when settings.IDENTITY_ACCEPT_SYNTHETIC is on (not in production).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone
from stdnum.exceptions import ValidationError
from stdnum.no import fodselsnummer

SYNTHETIC_MONTH_OFFSET = 80


class InvalidIdentityNumber(ValueError):
    """The value is not a valid Norwegian identity number. The message never repeats the value."""


def _synthetic_month(number: str) -> bool:
    return len(number) == 11 and number.isdigit() and int(number[2:4]) > SYNTHETIC_MONTH_OFFSET


def _as_real_layout(number: str) -> str:
    """A synthetic number with the month offset taken off, for reading the birth date."""
    month = int(number[2:4]) - SYNTHETIC_MONTH_OFFSET
    return f"{number[:2]}{month:02d}{number[4:]}"


def validate_identity_number(value: object) -> str:
    """The number in its compact 11-digit form, or InvalidIdentityNumber."""
    if not isinstance(value, str):
        raise InvalidIdentityNumber("not a string")
    number = fodselsnummer.compact(value)
    if getattr(settings, "IDENTITY_ACCEPT_SYNTHETIC", False) and _synthetic_month(number):
        if number[9] != fodselsnummer.calc_check_digit1(number) or number[
            10
        ] != fodselsnummer.calc_check_digit2(number):
            raise InvalidIdentityNumber("InvalidChecksum")
        try:
            born = fodselsnummer.get_birth_date(_as_real_layout(number))
        except ValidationError as error:
            raise InvalidIdentityNumber(type(error).__name__) from None
        if born > timezone.localdate():
            raise InvalidIdentityNumber("InvalidComponent")
        return number
    try:
        return fodselsnummer.validate(number)
    except ValidationError as error:
        raise InvalidIdentityNumber(type(error).__name__) from None


def identity_hash(number: str) -> str:
    """A keyed HMAC-SHA256 of the compact number: the same person always gets the same hash, and
    without the key the hash cannot be reversed by trying all 11-digit numbers."""
    key = settings.IDENTITY_HASH_KEY
    return hmac.new(key.encode(), number.encode(), hashlib.sha256).hexdigest()


def birth_date(number: str) -> datetime.date:
    if _synthetic_month(number):
        number = _as_real_layout(number)
    return fodselsnummer.get_birth_date(number)


def compose_identity_number(born: datetime.date, individual: int, *, synthetic: bool = False) -> str | None:
    """A number with valid check digits for the birth date and individual number (0–999), or
    None when that individual number gives no valid check digit. For tests and demo data."""
    month = born.month + (SYNTHETIC_MONTH_OFFSET if synthetic else 0)
    base = f"{born.day:02d}{month:02d}{born.year % 100:02d}{individual:03d}"
    first = fodselsnummer.calc_check_digit1(base)
    if len(first) != 1:
        return None
    second = fodselsnummer.calc_check_digit2(base + first)
    if len(second) != 1:
        return None
    return base + first + second
