"""The public self-registration pages (seed 002 «Selvreg», seed 001 «Tildele koder Kompass»): the only
pages besides the staff login that an anonymous visitor reaches. The resident logs in with the DUF number
and a one-time code from the mottak; the session then holds nothing but the person's id (and when it was
last renewed), and is emptied when the registration is saved or cancelled (or after 20 hours without
activity).

Nothing here tells whether a DUF number exists: every failed login gets the same message and status,
and the service spends the same work on an unknown DUF as on a wrong code. Failed tries are throttled per
client address (REMOTE_ADDR, as for django-axes; see `klientadresse`), never held against the code: a
throttled try gets its own message and 429, decided by the address and the typed DUF alone.

Every page is offered in the languages of sprak.py, chosen on the page; the choice travels in the address
(`?sprak=`) through login, form and receipt. What is saved is the same in every language."""

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from imdinett.personer.models import Person

from .forms import SELVREG_FELT, SPRAKLISTE, InnloggingSkjema, Rader, registreringsskjema
from .models import Kilde, Kompetanseregistrering
from .selectors import TEMAER, selvreg_grunndata
from .services import ForMangeForsok, engangskode_bruk, selvregistrering_lagre
from .sprak import med_sprak, tekster, valgmeny, valgt

PERSON = "selvregistrering_person"
KVITTERING = "selvregistrering_kvittering"
# Idle time before the resident is logged out: over 20 hours, so no warning is owed (WCAG 2.2.1's 20-hour
# exception). The expiry counts from the session's last renewal, up to SESSION_FORNY_ETTER before the last
# page, so that time is added. The session ends anyway on «Lagre» and on «Avbryt og logg ut».
UTLOP_SEKUNDER = 20 * 60 * 60 + settings.SESSION_FORNY_ETTER + 60
# Rows drawn on a fresh form (the seed's Kompass asked for a few of each); «Legg til» adds one more.
RADER = {"sprak": 3, "utdanning": 2, "arbeid": 3}


@login_not_required
@require_http_methods(["GET", "POST"])
def innlogging(request):
    """DUF and code. A staff user logged in in the same browser is logged out first: the resident must
    reach nothing but their own form."""
    sprak = valgt(request)
    t = tekster(sprak)
    feil = ""
    status = 200
    if request.method == "POST":
        skjema = InnloggingSkjema(request.POST, sprak=sprak)
        if skjema.is_valid():
            try:
                person = engangskode_bruk(
                    duf=skjema.cleaned_data["duf"],
                    kode=skjema.cleaned_data["kode"],
                    klient=klientadresse(request),
                )
            except ForMangeForsok:
                person, feil, status = None, t["for_mange"], 429
            if person is not None:
                if request.user.is_authenticated:
                    logout(request)
                else:
                    request.session.flush()  # a new session key: nothing from before carries over
                request.session[PERSON] = person.pk
                request.session.set_expiry(UTLOP_SEKUNDER)
                return redirect(med_sprak(reverse("kompetanse:selvregistrering_skjema"), sprak))
            if not feil:
                feil, status = t["innlogging_feil"], 400
            # Keep the typed DUF, never the code.
            skjema = InnloggingSkjema(initial={"duf": request.POST.get("duf", "")}, sprak=sprak)
            for felt in skjema.fields.values():
                felt.widget.attrs["aria-invalid"] = "true"
        else:  # a field left empty: its message at the field; still never the code back
            skjema.data = skjema.data.copy()
            skjema.data["kode"] = ""
            status = 400
    else:
        skjema = InnloggingSkjema(sprak=sprak)
    for navn, felt in skjema.fields.items():
        beskrevet = [f"{navn}-hjelp"]
        if feil:
            beskrevet.append("innlogging-feil")
        elif navn in skjema.errors:
            beskrevet.append(f"{navn}-feil")
        felt.widget.attrs["aria-describedby"] = " ".join(beskrevet)
    return render(
        request,
        "kompetanse/selvregistrering.html",
        {"skjema": skjema, "feil": feil, "ansatt": request.user.is_authenticated, **_side(request, sprak)},
        status=status,
    )


def _side(request, sprak: str, skjema_id: str = "") -> dict:
    """What every page of the self-registration draws with: the texts, the language menu (buttons of the
    form `skjema_id`, so switching keeps what was typed; else links) and this page's address."""
    t = tekster(sprak)
    return {
        "t": t,
        "sprakkode": t.sprak,
        "retning": t.retning,
        "sprakvalg": valgmeny(request.path, sprak),
        "sprakskjema": skjema_id,
        "her": med_sprak(request.path, sprak),
    }


def klientadresse(request) -> str:
    """The client address the limits count: REMOTE_ADDR, the same address django-axes uses. gunicorn
    is reached directly (Dockerfile, docker-compose.yml), so it is the visitor's. A reverse proxy or load
    balancer in front must set REMOTE_ADDR from its X-Forwarded-For (or every visitor shares the proxy's
    limit); X-Forwarded-For is never read here, since any visitor can send one."""
    return request.META.get("REMOTE_ADDR", "")


def _innlogget(request) -> Person | None:
    person_id = request.session.get(PERSON)
    return Person.objects.filter(pk=person_id).first() if person_id else None


@login_not_required
@require_http_methods(["GET", "POST"])
def skjema(request):
    """The resident's form: languages, education, work, then the registration's own fields, prefilled
    from an earlier self-registration. Nothing is saved until everything is valid; then the session is
    emptied, so a second POST (double click, Back and resend) finds no one and saves nothing. Another
    language (`bytt_sprak`) draws the form again in it with what was typed, like «Legg til»."""
    sprak = valgt(request)
    innlogging = med_sprak(reverse("kompetanse:selvregistrering"), sprak)
    person = _innlogget(request)
    if person is None:
        return redirect(innlogging)
    if request.method == "POST" and "avbryt" in request.POST:
        request.session.flush()
        messages.info(request, tekster(sprak)["avbrutt"])
        return redirect(innlogging)

    tidligere = (
        Kompetanseregistrering.objects.filter(person=person, kilde=Kilde.SELVREG)
        .prefetch_related("sprak", "utdanninger", "arbeidserfaringer")
        .first()
    )
    instans = tidligere or Kompetanseregistrering(person=person, kilde=Kilde.SELVREG)
    lagrede = {
        "sprak": list(tidligere.sprak.all()) if tidligere else [],
        "utdanning": list(tidligere.utdanninger.all()) if tidligere else [],
        "arbeid": list(tidligere.arbeidserfaringer.all()) if tidligere else [],
    }
    status = 200
    if request.method == "POST":
        data = request.POST.copy()
        flere = data.get("flere")
        if flere in RADER:  # «Legg til»: one more empty row, nothing saved
            data.appendlist(flere, str(uuid.uuid4()))
        registrering = registreringsskjema(SELVREG_FELT, instans, data, sprak=sprak)
        rader = {t: Rader(t, lagrede[t], data, sprak=sprak) for t in RADER}
        for t in rader.values():
            _skjul_fjern(t)
        # «Legg til» and another language only draw the form again; any messages show at their fields.
        if flere not in RADER and "bytt_sprak" not in data:
            if registrering.is_valid() and all(r.er_gyldige() for r in rader.values()):
                reg = selvregistrering_lagre(
                    person=person,
                    data=registrering.cleaned_data,
                    rader={t: r.endringer() for t, r in rader.items()},
                )
                request.session.flush()
                request.session[KVITTERING] = _kvittering(reg, sprak)
                return redirect(med_sprak(reverse("kompetanse:selvregistrering_takk"), sprak))
            status = 400
    else:
        registrering = registreringsskjema(SELVREG_FELT, instans, sprak=sprak)
        rader = {
            t: Rader(t, lagrede[t], tomme=max(1, antall - len(lagrede[t])), sprak=sprak)
            for t, antall in RADER.items()
        }
        for t in rader.values():
            _skjul_fjern(t)
        if not lagrede["sprak"]:
            rader["sprak"].skjemaer[0].initial["morsmaal"] = True
    tekst = tekster(sprak)
    feilliste = _feilliste(registrering, rader, tekst) if status == 400 else []
    return render(
        request,
        "kompetanse/selvregistrering_skjema.html",
        {
            "person": person,
            "registrering": registrering,
            "seksjoner": [
                (
                    t,
                    tekst[f"rad_{t}"],
                    rader[t],
                    tekst[f"del_{t}"],
                    tekst[f"del_{t}_tekst"],
                    tekst[f"legg_til_{t}"],
                )
                for t in RADER
            ],
            "spraklisten": SPRAKLISTE,
            "feilliste": feilliste,
            **_side(request, sprak, "selvreg-skjema"),
        },
        status=status,
    )


def _skjul_fjern(rader: Rader) -> None:
    """The resident removes a row by emptying its first field; a «Fjern» box on a fresh row only confuses."""
    for r in rader:
        r.fields["fjern"].widget = forms.HiddenInput()


def _feilliste(registrering, rader: dict[str, Rader], tekst) -> list[tuple[str, str, str]]:
    """(field id, where, message) for the summary at the top of the form, each linking to its field."""
    ut = []
    for t, r in rader.items():
        for nr, s in enumerate(r, start=1):
            for navn, meldinger in s.errors.items():
                if navn in s.fields:
                    sted = f"{tekst[f'rad_{t}']} {nr}: {s.fields[navn].label}"
                    ut += [(s[navn].id_for_label, sted, m) for m in meldinger]
    for navn, meldinger in registrering.errors.items():
        if navn in registrering.fields:
            felt = registrering[navn]
            ut += [(felt.id_for_label or felt.auto_id, felt.label, m) for m in meldinger]
    return ut


def _kvittering(reg: Kompetanseregistrering, sprak: str) -> list:
    """What was saved, under the questions of the form in the resident's language, for the thank-you page
    (read once, then dropped)."""
    tekst = tekster(sprak)
    return [(tekst[f"tema_{tema}"], selvreg_grunndata(reg, tema, sprak)) for tema in TEMAER]


@login_not_required
def takk(request):
    """«Takk!» with what was saved — shown once; a reload shows only the thanks."""
    return render(
        request,
        "kompetanse/selvregistrering_takk.html",
        {"kvittering": request.session.pop(KVITTERING, None), **_side(request, valgt(request))},
    )
