"""Forms render with Designsystemet: every widget a .ds-input, errors marked for screen readers. Query-string
parameters are read through `parametere(request)`, with the same fields and Norwegian messages."""

from contextlib import contextmanager
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.shortcuts import render
from django.utils import timezone

from imdinett.feil import DomeneFeil


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

    def feil_fra_tjenesten(self, feil: DomeneFeil) -> None:
        """A service's refusal next to the field it names, or at the top of the form."""
        self.add_error(feil.felt if feil.felt in self.fields else None, feil.melding)

    def full_clean(self):
        super().full_clean()
        for navn in self.errors:
            if navn in self.fields:
                felt = self[navn]
                attrs = self.fields[navn].widget.attrs
                attrs["aria-invalid"] = "true"
                # The messages (partials/feltfeil.html), then the help text where Django's convention puts it.
                beskrivelse = [self.feil_id.format(self.add_prefix(navn))]
                if felt.help_text and felt.auto_id:
                    beskrivelse.append(f"{felt.auto_id}_helptext")
                attrs["aria-describedby"] = " ".join(beskrivelse)


# ---- The form cycle: show the form, call the service, show its refusal where the user looks ----


@contextmanager
def tjenesten(mottaker):
    """Around a service call in a view or an admin action. A refusal (DomeneFeil) is not an error page: on a
    form (`DsSkjema`) it lands at the field it names, else (`mottaker` is the request) it is a message on the
    next page; the view goes on after the block, to show the form again. What follows the call inside the
    block (the success message, the redirect) runs only when the service accepted.

        with tjenesten(skjema):
            services.svarfrist_endre(...)
            return redirect(...)
        return skjemaside(request, "kommune/anmodning.html", ctx, skjema)
    """
    try:
        yield
    except DomeneFeil as feil:
        if isinstance(mottaker, forms.BaseForm):
            mottaker.feil_fra_tjenesten(feil)
        else:
            messages.error(mottaker, feil.melding)


def skjemaside(request, mal: str, ctx: dict, *skjemaer):
    """The page with its forms: 400 Bad Request when one of them was refused, so a refusal is never a
    success to the browser, a proxy or a test."""
    feil = any(s is not None and s.errors for s in skjemaer)
    return render(request, mal, ctx, status=400 if feil else 200)


# ---- Query-string parameters ----

AAR_FORSTE = 2000  # the first year a filter or report may ask for: IMDinett holds nothing older
AAR_FREMOVER = 5  # and how far ahead: anmodninger and vedtak are made for the coming years


def aar_siste() -> int:
    return timezone.localdate().year + AAR_FREMOVER


SOK_MAKS = 200  # characters in a search or filter text
LEDETEKSTER = {
    "q": "Søk",
    "aar": "År",
    "fra": "Fra dato",
    "til": "Til dato",
    "side": "Side",
    "med_sak": "Med/uten bosettingssak",
}  # other parameters are named by their own name, capitalised («Kategori», «Format»)


def _sitat(verdi: str) -> str:
    """A typed value quoted in a message: one line, at most 40 characters."""
    verdi = " ".join(verdi.replace("\x00", " ").split())
    return verdi if len(verdi) <= 40 else verdi[:40] + "…"


class Parametere:
    """The query string of one request, read by type (`parametere(request).aar()`) — the one way views read
    the values they parse or query with. A value that is not one (text for a year, year 0 or 10000,
    31.12.9999, a null character, «side=x») never raises: the reader returns the default and the page shows
    a Norwegian message naming the value (Django's messages, at the top of the page). The page is drawn
    with the default — a page like any other (200), so InnsynsloggMiddleware logs what it shows — and
    never a download (`feil` is not empty: kommune.views._format). Years and dates lie within
    AAR_FORSTE .. this year + AAR_FREMOVER. Parsing is Django's form fields', as strict as a form."""

    def __init__(self, request):
        self.request = request
        self.feil: dict[str, str] = {}  # parameter name -> message

    def _les(self, navn: str, felt: forms.Field, standard, melding: str):
        verdi = self.request.GET.get(navn, "")
        try:
            renset = felt.clean(verdi)
        except ValidationError:
            if navn not in self.feil:
                self.feil[navn] = f"{LEDETEKSTER.get(navn, navn.capitalize())}: «{_sitat(verdi)}» {melding}"
                htmx = getattr(self.request, "htmx", None)
                if not htmx or htmx.history_restore_request:  # a swapped part has no place for it
                    messages.error(self.request, self.feil[navn], fail_silently=True)
            return standard
        return standard if renset in (None, "") else renset

    def tekst(self, navn: str, standard: str = "") -> str:
        """Search or filter text, as typed: no null characters (PostgreSQL refuses them), at most SOK_MAKS."""
        felt = forms.CharField(required=False, strip=False, max_length=SOK_MAKS)
        return self._les(navn, felt, standard, f"kan ikke brukes. Skriv høyst {SOK_MAKS} vanlige tegn.")

    def valg(self, navn: str, valg, standard: str = "") -> str:
        """One of the values `valg` (or empty)."""
        felt = forms.ChoiceField(required=False, choices=[(v, v) for v in valg])
        return self._les(navn, felt, standard, "er ikke et av valgene. Velg fra listen.")

    def aar(self, navn: str = "aar", standard: int | None = None) -> int | None:
        siste = aar_siste()
        felt = forms.IntegerField(required=False, min_value=AAR_FORSTE, max_value=siste)
        return self._les(
            navn, felt, standard, f"er ikke et gyldig år. Velg et år fra {AAR_FORSTE} til {siste}."
        )

    def dato(self, navn: str, standard: date | None = None) -> date | None:
        """A date typed as dd.mm.åååå (or ISO)."""
        forste, siste = date(AAR_FORSTE, 1, 1), date(aar_siste(), 12, 31)
        felt = forms.DateField(
            required=False,
            input_formats=["%d.%m.%Y", "%Y-%m-%d"],
            validators=[MinValueValidator(forste), MaxValueValidator(siste)],
        )
        return self._les(
            navn,
            felt,
            standard,
            f"er ikke en gyldig dato. Skriv datoen som dd.mm.åååå, fra {forste:%d.%m.%Y} til {siste:%d.%m.%Y}.",
        )

    def heltall(self, navn: str, standard: int | None = None) -> int | None:
        """A positive whole number: an id, a row's number."""
        felt = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
        return self._les(navn, felt, standard, "er ikke et gyldig nummer.")

    def side(self, navn: str = "side") -> int | None:
        """A page number for Paginator.get_page (past the end: the last page); None for the first."""
        felt = forms.IntegerField(required=False, min_value=1)
        return self._les(navn, felt, None, "er ikke et gyldig sidetall.")


def parametere(request) -> Parametere:
    """The request's reader, made once: every value read on the way adds to the same `feil`."""
    if not hasattr(request, "_parametere"):
        request._parametere = Parametere(request)
    return request._parametere


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
