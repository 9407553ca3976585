"""ISO weeks, the unit the seeds plan settlement in («uke 34 2025»): the one place that turns a date into its
week's Monday, a week into text, and a typed week into a date — and the product's one week field.

The week field is a plain text input, the same in every browser and without JavaScript (a browser's
<input type=week> is a picker in Chromium only: elsewhere the user must type «2026-W51», and an English
browser labels it «Week --, ----»). It accepts what people type, `tolk_uke`:

- «51», «uke 51», «u51», «veke 51»: a week number alone is the next week with that number, counted from
  this week: typed in December 2026, «51» is uke 51 2026 and «2» is uke 2 2027. Never a week already past:
  every week field is a week still to come (the kommune's answer, an innmelding).
- «51/2026», «uke 51 2026», «51-2026», «uke 51, 2026»: a week number and a four-digit year.
- «2026-W51», «2026W51»: ISO 8601, what <input type=week> sent.

It shows the week as «uke 51 2026» and its dates beside it («14.12.2026–20.12.2026»): drawn by the server
with the page, and as the user types by static/js/uke.js, which reads the same spellings."""

import re
from datetime import date, timedelta

from django import forms
from django.contrib import admin
from django.utils import timezone

AAR_OMKRING = 5  # a typed year at most this far from this one: «uke 51 2062» is a typo (and 9999 overflows)

_NUMMER = re.compile(
    r"(?:(?:uke|veke|u\.?)\s*)?(?P<uke>[0-9]{1,2})(?:(?:\s*[/.,-]\s*|\s+)(?P<aar>[0-9]{4}))?", re.I
)
_ISO = re.compile(r"(?P<aar>[0-9]{4})\s*-?\s*W\s*(?P<uke>[0-9]{1,2})", re.I)


def mandag(dag: date) -> date:
    """The Monday of `dag`'s ISO week: how a week is stored."""
    return dag - timedelta(days=dag.weekday())


def uke_tekst(dag: date | None) -> str:
    """«uke 34 2025» (ISO week), or "" for no date."""
    if not dag:
        return ""
    aar, uke, _ = dag.isocalendar()
    return f"uke {uke} {aar}"


def uke_datoer(dag: date | None) -> str:
    """The week's Monday to Sunday, «14.12.2026–20.12.2026», or "" for no date."""
    if not dag:
        return ""
    forste = mandag(dag)
    return f"{forste:%d.%m.%Y}–{forste + timedelta(days=6):%d.%m.%Y}"


def uke_med_datoer(dag: date | None) -> str:
    """«uke 51 2026 (14.12.2026–20.12.2026)», or "" for no date."""
    return f"{uke_tekst(dag)} ({uke_datoer(dag)})" if dag else ""


class UkeFeil(ValueError):
    """Why a typed week is not one: `kode` names the message (UkeFelt.default_error_messages)."""

    def __init__(self, kode: str, **params):
        super().__init__(kode)
        self.kode, self.params = kode, params


def tolk_uke(tekst: str, idag: date) -> date:
    """The Monday of the week typed (the spellings in the module's docstring), or UkeFeil."""
    tekst = tekst.strip()
    treff = _ISO.fullmatch(tekst) or _NUMMER.fullmatch(tekst)
    if not treff:
        raise UkeFeil("invalid")
    uke = int(treff["uke"])
    if treff["aar"]:
        aar = int(treff["aar"])
        if abs(aar - idag.year) > AAR_OMKRING:
            raise UkeFeil("aar", forste_aar=idag.year - AAR_OMKRING, siste_aar=idag.year + AAR_OMKRING)
    else:
        aar, denne, _ = idag.isocalendar()
        aar += uke < denne  # a number already past this year is next year's
    try:
        return date.fromisocalendar(aar, uke, 1)
    except ValueError:
        raise UkeFeil("finnes_ikke", nr=uke, i_aar=aar) from None


def _eksempel(idag: date) -> dict:
    """Next week, the example the hint and the messages give: {"uke": 50, "aar": 2026}."""
    aar, uke, _ = (idag + timedelta(weeks=1)).isocalendar()
    return {"uke": uke, "aar": aar}


def ukefelt_hint(idag: date) -> str:
    return "f.eks. «{uke}» eller «uke {uke} {aar}»".format(**_eksempel(idag))


class UkeInput(forms.TextInput):
    """The week as text: the input with its hint above and the week's dates below, both tied to it with
    aria-describedby (after any error message the form names there). No `inputmode`: a numeric keypad
    has no «uke», «/» or «W»."""

    template_name = "partials/ukefelt.html"

    class Media:
        js = [forms.Script("js/uke.js", defer=True)]

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        idag = timezone.localdate()
        try:
            widget["datoer"] = uke_med_datoer(tolk_uke(widget["value"] or "", idag))
        except UkeFeil:
            widget["datoer"] = ""
        id_ = widget["attrs"].setdefault("id", f"uke-{name}")
        widget["hint"], widget["hint_id"], widget["datoer_id"] = (
            ukefelt_hint(idag),
            f"{id_}-hint",
            f"{id_}-datoer",
        )
        beskrivelse = [widget["hint_id"], widget["datoer_id"], widget["attrs"].get("aria-describedby")]
        widget["attrs"]["aria-describedby"] = " ".join(filter(None, beskrivelse))
        widget["attrs"]["data-uke"] = widget["datoer_id"]  # static/js/uke.js writes the dates there
        return context


class UkeFelt(forms.Field):
    """A week as people type it (`tolk_uke`), cleaned to the Monday of that week; drawn as «uke 51 2026»."""

    widget = UkeInput  # a class: each field makes its own (an instance is deep-copied, ~40 per list answer)
    default_error_messages = {
        "invalid": "Skriv uka som et ukenummer, for eksempel «%(uke)s», «uke %(uke)s %(aar)s» eller "
        "«%(uke)s/%(aar)s».",
        "required": "Skriv hvilken uke, for eksempel «%(uke)s» eller «uke %(uke)s %(aar)s».",
        "finnes_ikke": "Det er ingen uke %(nr)s i %(i_aar)s. Skriv et ukenummer fra 1 til 52 (53 i noen år).",
        "aar": "Skriv et år fra %(forste_aar)s til %(siste_aar)s.",
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return mandag(value)
        idag = timezone.localdate()
        try:
            return tolk_uke(str(value), idag)
        except UkeFeil as feil:
            params = _eksempel(idag) | feil.params
            raise forms.ValidationError(
                self.error_messages[feil.kode], code=feil.kode, params=params
            ) from None

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(
                self.error_messages["required"], code="required", params=_eksempel(timezone.localdate())
            )

    def prepare_value(self, value):
        """A date, or what was typed when it is a week, as «uke 51 2026»; anything else as typed."""
        if isinstance(value, str):
            try:
                value = tolk_uke(value, timezone.localdate())
            except UkeFeil:
                return value
        return uke_tekst(value) if isinstance(value, date) else value


def uke_visning(felt):
    """An admin column or read-only field for a model field holding a week's Monday (`felt`, from
    `Model._meta.get_field`): «uke 3 2027 (18.01.2027–24.01.2027)», under the field's label and help text,
    sorted by the field."""

    @admin.display(description=felt.verbose_name, ordering=felt.name)
    def vis(obj):
        return uke_med_datoer(getattr(obj, felt.name)) or "–"

    vis.__name__ = felt.name  # the admin finds the field's help text, and names the column, by it
    return vis
