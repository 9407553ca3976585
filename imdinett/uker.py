"""ISO weeks, the unit the seeds plan settlement in («uke 34 2025»): the one place that turns a date into its
week's Monday, a week into text, and a typed week into a date."""

import re
from datetime import date, timedelta

from django import forms

UKE = re.compile(r"^\s*(\d{4})-W(\d{1,2})\s*$")


def mandag(dag: date) -> date:
    """The Monday of `dag`'s ISO week: how a week is stored."""
    return dag - timedelta(days=dag.weekday())


def uke_tekst(dag: date | None) -> str:
    """«uke 34 2025» (ISO week), or "" for no date."""
    if not dag:
        return ""
    aar, uke, _ = dag.isocalendar()
    return f"uke {uke} {aar}"


class UkeInput(forms.TextInput):
    input_type = "week"


class UkeFelt(forms.Field):
    """An ISO week (browser week picker, «2026-W48»), as the Monday of that week."""

    widget = UkeInput  # a class: each field makes its own (an instance is deep-copied, ~40 per list answer)
    default_error_messages = {
        "invalid": "Velg en gyldig uke (for eksempel 2026-W48).",
        "required": "Velg uke.",
    }

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, date):
            return value
        treff = UKE.match(str(value))
        try:
            return date.fromisocalendar(int(treff[1]), int(treff[2]), 1)
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, date):
            aar, uke, _ = value.isocalendar()
            return f"{aar}-W{uke:02d}"
        return value
