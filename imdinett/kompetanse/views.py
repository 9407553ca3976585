"""The interview-based competence mapping (seed 000): the interviewer's task list and form. The
vertskommune's Kommune_Kartlegger maps residents of mottak in the kommune; IMDi maps persons outside
mottak (overføringsflyktninger)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from imdinett.feil import DomeneFeil
from imdinett.htmx import side_eller_del
from imdinett.organisasjoner.tilgang import kan
from imdinett.personer.models import Bosettingssak
from imdinett.skjema import parametere, tjenesten

from . import selectors, services
from .forms import (
    ANDRE,
    DELER,
    KARTLEGGINGSFELT,
    RADNAVN,
    RADTYPER,
    SPRAKLISTE,
    VEILEDNING,
    Rader,
    registreringsskjema,
)
from .models import Kompetanseregistrering


def oppgaveliste(request):
    if not kan(request.user, "kartlegging.skriv"):
        raise Http404
    sok = parametere(request).tekst("q")
    idag = timezone.localdate()
    personer = list(selectors.kartleggingsoppgaver(request.user, sok=sok, idag=idag))
    for p in personer:
        p.frist = selectors.kartleggingsfrist(p)
        p.dager_igjen = Bosettingssak.dager_igjen(p.frist, idag)
    ctx = {"personer": personer, "q": sok}
    return render(request, side_eller_del(request, "kompetanse/oppgaveliste.html", "liste"), ctx)


def _skjemaer(reg: Kompetanseregistrering | None, data=None) -> tuple:
    instans = reg or Kompetanseregistrering()
    skjema = registreringsskjema(KARTLEGGINGSFELT, instans, data)
    rader = {
        type_: Rader(type_, list(getattr(reg, services.RADMODELLER[type_]).all()) if reg else [], data)
        for type_ in RADTYPER
    }
    return skjema, rader


def kartlegging(request, person_id: int):
    """GET: the form. POST: autosave (htmx, on every change) or «Lagre» without JavaScript — valid
    fields and rows are saved, invalid ones keep what was typed and get their message at the field."""
    autolagring = request.method == "POST" and request.htmx  # answers «Sist lagret», shows no one
    person, kilde, organisasjon = selectors.access_kartlegging(request.user, person_id, les=not autolagring)
    reg = selectors.registrering(person, kilde)
    feil = None
    if request.method == "POST":
        skjema, rader = _skjemaer(reg, request.POST)
        skjema.is_valid()
        gyldige = {k: v for k, v in skjema.cleaned_data.items() if k not in skjema.errors}
        try:
            reg = services.kartlegging_lagre(
                person=person,
                kilde=kilde,
                organisasjon=organisasjon,
                data=gyldige,
                rader={t: r.endringer() for t, r in rader.items()},
                av=request.user,
            )
        except DomeneFeil as e:
            feil = e.melding
        ugyldig = skjema.errors or not all(r.er_gyldige() for r in rader.values())
        if request.htmx:
            ctx = {"skjema": skjema, "rader": rader, "reg": reg, "feil": feil, "ugyldig": ugyldig}
            return render(request, "kompetanse/kartlegging.html#lagret", ctx)
        if not (feil or ugyldig):
            messages.success(request, "Lagret.")
            return redirect("kompetanse:kartlegging", person.pk)
    else:
        skjema, rader = _skjemaer(reg)
    ctx = {
        "person": person,
        "kilde": kilde,
        "reg": reg,
        "skjema": skjema,
        "rader": rader,
        "feil": feil,
        "kan_endres": reg is None or reg.status == reg.Status.UNDER_ARBEID,
        "mangler": selectors.mangler(reg) if reg else [],
        "frist": selectors.kartleggingsfrist(person) if getattr(person, "bosettingssak", None) else None,
        "deler": [
            (t, tittel, knapp, VEILEDNING[t], rader[t], [skjema[f] for f in felt])
            for t, tittel, knapp, felt in DELER
        ],
        "andre": [skjema[f] for f in ANDRE],
        "spraklisten": SPRAKLISTE,
        "visning": selectors.kompetanse(person),
    }
    return render(request, "kompetanse/kartlegging.html", ctx, status=400 if feil or skjema.errors else 200)


@require_POST
def ferdigstill(request, person_id: int):
    person, kilde, _ = selectors.access_kartlegging(request.user, person_id, les=False)  # a redirect
    with tjenesten(request):
        services.kartlegging_ferdigstill(person=person, kilde=kilde, av=request.user)
        messages.success(request, f"Kompetansekartleggingen av {person.navn} er ferdigstilt.")
    return redirect(reverse("kompetanse:kartlegging", args=[person.pk]))


def tom_rad(request, type_: str):
    """One more empty row for «Legg til …» (htmx)."""
    if type_ not in RADTYPER or not kan(request.user, "kartlegging.skriv"):
        raise Http404
    rad = next(iter(Rader(type_, [])))
    rad.radtittel = f"Ny rad: {RADNAVN[type_]}"
    return render(request, "kompetanse/kartlegging.html#rad", {"rad": rad, "type_": type_})
