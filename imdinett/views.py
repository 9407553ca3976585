from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.http import require_POST

from imdinett.feil import DomeneFeil
from imdinett.hendelser.selectors import (
    driftsmeldinger_gjeldende,
    ser_bosettingsmerknad_advarsel,
    varsler_for,
)
from imdinett.organisasjoner import services
from imdinett.organisasjoner.navigasjon import punkter
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import (
    PANELER,
    alle_roller,
    arbeidsflate_paneler,
    arbeidsflate_tilgjengelige,
)
from imdinett.personer.selectors import personliste


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
        "driftsmeldinger": list(driftsmeldinger_gjeldende()),
        "roller": sorted(alle_roller(bruker), key=list(Rolle).index),
        "varsler": list(varsler_for(bruker)[:5]) if "varsler" in vist else [],
        "personliste": list(personliste(bruker)) if "personliste" in vist else [],
        "snarveier": punkter(request, "snarvei") if "snarveier" in vist else [],
        "bosettingsmerknad_advarsel": "informasjon" in vist and ser_bosettingsmerknad_advarsel(bruker),
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
    return render(request, "hjelp.html", {"driftsmeldinger": list(driftsmeldinger_gjeldende())})


# The last resort when even templates/500.html cannot be drawn: plain, Norwegian, no details.
NODSIDE = (
    '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Noe gikk galt – IMDinett</title></head>'
    "<body><main><h1>Noe gikk galt</h1><p>Det oppstod en feil i IMDinett, og siden kunne ikke vises. "
    'Prøv igjen om litt.</p><p><a href="/">Gå til arbeidsflaten</a></p></main></body></html>'
)


def serverfeil(request):
    """handler500: templates/500.html in the product's layout, drawn as Django's own server_error draws it —
    without the request and its context processors, which may need the database that just failed — and
    the plain NODSIDE should even that fail. Never a detail of the error."""
    try:
        html = loader.get_template("500.html").render()
    except Exception:  # a broken 500.html must not leave the user with no page at all
        html = NODSIDE
    return HttpResponseServerError(html)
