"""The application's steps (one thing per page). Placeholder until the wizard lands."""

from __future__ import annotations


def summary(application) -> list[dict]:
    rows = []
    for choice in application.choices.select_related("offer"):
        rows.append({"label": f"{choice.preference}.", "value": choice.offer.title})
    return rows


def missing_steps(application) -> list[str]:
    return []
