"""Forms render with Designsystemet: every widget a .ds-input, errors marked for screen readers."""

from datetime import date, datetime

from django import forms


class DsSkjema:
    """Mixin for forms: Designsystemet classes; aria-invalid and aria-describedby on fields with errors."""

    template_name = "partials/skjema.html"
    feil_id = "{}-feil"  # the id of a field's error message, for aria-describedby

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for felt in self.fields.values():
            # Choice lists are drawn input by input in partials/skjema.html, each with its own class.
            if not isinstance(felt.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                felt.widget.attrs.setdefault("class", "ds-input")

    def full_clean(self):
        super().full_clean()
        for navn in self.errors:
            if navn in self.fields:
                attrs = self.fields[navn].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = self.feil_id.format(self.add_prefix(navn))


def dato_fra_tekst(tekst: str | None) -> date | None:
    """A filter date typed as dd.mm.yyyy (or ISO); None when empty or not a date."""
    for monster in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(tekst or "", monster).date()
        except ValueError:
            continue
    return None


def ja_nei_felt(ledetekst: str) -> forms.TypedChoiceField:
    """A yes/no question as two radio buttons; unanswered is None (optional while a form autosaves)."""
    return forms.TypedChoiceField(
        label=ledetekst,
        choices=[("True", "Ja"), ("False", "Nei")],
        coerce=lambda v: v == "True",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
