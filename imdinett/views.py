from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from imdinett.feil import DomeneFeil
from imdinett.hendelser.selectors import varsler_for
from imdinett.kompetanse.selectors import KODE_ROLLER
from imdinett.organisasjoner import services
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import (
    PANELER,
    administrerte_organisasjoner,
    alle_roller,
    arbeidsflate_paneler,
    arbeidsflate_tilgjengelige,
    er_imdi,
    roller_for,
)
from imdinett.personer.selectors import personliste

# The roles the target pages check (mottak.selectors.SAMTALE_ROLLER, kommune.selectors.ANMODER_LES and
# KOMMUNE_LES, fordeling.selectors.LES_ROLLER). imdinett may not import those apps, so they are repeated here;
# tests/test_arbeidsflate.py opens every shortcut to catch a drift.
_SAMTALE = {Rolle.MOTTAK_BOSETTINGSANSVARLIG, Rolle.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG}
_ANMODER = {Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_ANMODER_LES}
_FORDELING = _ANMODER | {Rolle.KOMMUNE_BOSETTER_SKRIV, Rolle.KOMMUNE_BOSETTER_LES}
_KOMMUNE = _FORDELING | {Rolle.KOMMUNEADMINISTRATOR}


def _snarveier(bruker) -> list[tuple[str, str]]:
    """Links one step deeper than the global menu (never the same name as a menu item, so each link
    is unambiguous) to pages the user's roles open — never one that would answer 404. No queries:
    the roles are cached on the user."""

    def org(roller: set[Rolle]) -> int | None:
        treff = sorted(o for o, har in roller_for(bruker).items() if har & roller)
        return treff[0] if treff else None

    roller = alle_roller(bruker)
    lenker = []
    if (mottak := org(_SAMTALE)) is not None:
        lenker.append(("Oppgaveliste", reverse("mottak:oppgaveliste", args=[mottak])))
        lenker.append(("Oversikt mottaksbeboere", reverse("mottak:beboere", args=[mottak])))
    if (mottak := org(KODE_ROLLER)) is not None:
        lenker.append(("Tildele koder Kompass", reverse("mottak:koder", args=[mottak])))
    if (kommune := org(_KOMMUNE)) is not None:
        lenker.append(("Oversikt bosetting", reverse("kommune:oversikt", args=[kommune])))
    if (kommune := org(_ANMODER)) is not None:
        lenker.append(("Anmodninger", reverse("kommune:anmodninger", args=[kommune])))
    if (kommune := org(_FORDELING)) is not None:
        lenker.append(("Fordelinger", reverse("fordeling:fordelinger", args=[kommune])))
    if er_imdi(bruker) or Rolle.KOMMUNE_KARTLEGGER in roller:
        lenker.append(("Kompetansekartlegging", reverse("kompetanse:oppgaveliste")))
    lenker.append(("Kommunesøk", reverse("kommune:sok")))
    if administrerte_organisasjoner(bruker):
        lenker.append(("Opprett ny bruker", reverse("bruker_ny")))
    if er_imdi(bruker) or bruker.is_superuser:
        lenker.append(("Fordelingslister", reverse("admin:fordeling_fordelingsliste_changelist")))
    elif Rolle.BUFETAT_SAKSBEHANDLER in roller:
        lenker.append(("Innmeldinger til behandling", reverse("admin:innmelding_innmelding_changelist")))
    lenker.append(("Hjelp og brukerveiledninger", reverse("hjelp")))
    return lenker


def _fokus(fokus: str, vist: list[str]) -> tuple[str, str]:
    """(panel, button) to focus after a change: the same button on the same panel when it is still
    there, else its neighbour; a removed panel's «Legg til», so the step can be undone at once."""
    handling, _, panel = fokus.partition("-")
    if panel not in vist:
        return panel, "legg_til" if handling == "fjern" else ""
    i, siste = vist.index(panel), len(vist) - 1
    finnes = {"opp": i > 0, "ned": i < siste, "fjern": siste > 0}
    rekkefolge = ["ned", "opp", "fjern"] if handling == "ned" else ["opp", "ned", "fjern"]
    return panel, next((k for k in rekkefolge if finnes[k]), "")


def _vis(request, *, rediger: bool, fokus: str = "", status: int = 200):
    bruker = request.user
    vist = arbeidsflate_paneler(bruker)
    fokus_panel, fokus_knapp = _fokus(fokus, vist) if rediger else ("", "")
    paneler = [
        {
            "nokkel": k,
            "tittel": PANELER[k],
            "forste": i == 0,
            "siste": i == len(vist) - 1,
            "fokus": fokus_knapp if k == fokus_panel else "",
        }
        for i, k in enumerate(vist)
    ]
    skjulte = [
        {"nokkel": k, "tittel": PANELER[k], "fokus": k == fokus_panel and fokus_knapp == "legg_til"}
        for k in arbeidsflate_tilgjengelige(bruker)
        if k not in vist
    ]
    # Only the shown panels are read: a fixed number of queries whatever the rows.
    ctx = {
        "paneler": paneler,
        "skjulte": skjulte,
        "rediger": rediger,
        "roller": sorted(alle_roller(bruker), key=list(Rolle).index),
        "varsler": list(varsler_for(bruker)[:5]) if "varsler" in vist else [],
        "personliste": list(personliste(bruker)) if "personliste" in vist else [],
        "snarveier": _snarveier(bruker) if "snarveier" in vist else [],
    }
    return render(request, "arbeidsflate.html", ctx, status=status)


def arbeidsflate(request):
    return _vis(request, rediger=bool(request.GET.get("rediger")), fokus=request.GET.get("fokus", ""))


@require_POST
def arbeidsflate_endre(request):
    """«Flytt opp», «Flytt ned», «Fjern», «Legg til»: back to edit mode, focus on the same button."""
    handling, panel = request.POST.get("handling", ""), request.POST.get("panel", "")
    try:
        services.arbeidsflate_endre(bruker=request.user, handling=handling, panel=panel)
    except DomeneFeil as e:
        messages.error(request, e.melding)
        return _vis(request, rediger=True, status=400)
    return redirect(f"{reverse('arbeidsflate')}?{urlencode({'rediger': 1, 'fokus': f'{handling}-{panel}'})}")


@require_POST
def arbeidsflate_rekkefolge(request):
    """The order after drag and drop (static/js/arbeidsflate.js): 204, or 400 and nothing stored."""
    try:
        services.arbeidsflate_lagre(bruker=request.user, paneler=request.POST.getlist("panel"))
    except DomeneFeil as e:
        return JsonResponse({"feil": e.melding}, status=400)
    return HttpResponse(status=204)


@login_not_required
def hjelp(request):
    return render(request, "hjelp.html")
