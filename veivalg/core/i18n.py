"""Text that exists in both written standards of Norwegian."""

from __future__ import annotations

from django.utils.translation import get_language


def localized(obj: object, field: str) -> tuple[str, str]:
    """The field in the reader's written standard, and the language it really is in.

    Content exists in bokmål and nynorsk (`name` and `name_nn`); English readers and missing
    nynorsk fall back to bokmål, and the caller marks the fallback with the returned language code.
    """
    if get_language() == "nn":
        nn_value = getattr(obj, f"{field}_nn", "")
        if nn_value:
            return nn_value, "nn"
    return getattr(obj, field, ""), "nb"
