from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from imdinett.htmx import side_eller_del

from .forms import FilterSkjema, NotatSkjema
from .selectors import filtrer, varsler_for
from .services import notat_opprett, varsel_marker_lest


def varsler(request):
    bare_uleste = request.GET.get("uleste") == "1"
    liste = varsler_for(request.user, bare_uleste=bare_uleste)[:200]
    mal = side_eller_del(request, "hendelser/varsler.html", "liste")
    return render(request, mal, {"varsler": liste, "bare_uleste": bare_uleste})


@require_POST
def varsler_les(request):
    varsel_marker_lest(bruker=request.user, varsler=varsler_for(request.user, bare_uleste=True))
    return redirect("varsler")


HENDELSER_VIST = 200


def hendelsesliste(request, hendelser) -> dict:
    """Context for hendelser/_liste.html: the filter (saksområde, type) and the newest events."""
    filter_ = FilterSkjema(request.GET)
    filter_.is_valid()
    valgt = filter_.cleaned_data
    liste = list(
        filtrer(hendelser, omraade=valgt.get("omraade", ""), type=valgt.get("type", ""))[:HENDELSER_VIST]
    )
    return {"filter": filter_, "hendelser": liste, "maks": HENDELSER_VIST}


def notat_behandle(request, *, kan_knyttes, organisasjon=None, gjelder=()):
    """«Legg til» / «Fjern» a person, or «Opprett» the note. Returns (the form to show, the note or None);
    what was typed is kept through every step."""
    post = request.POST.copy()
    fjern = post.get("fjern", "")
    if fjern:
        post.setlist("personer", [d for d in post.getlist("personer") if d != fjern])
    steg = "fjern" if fjern else "legg_til" if "legg_til" in post else "opprett"
    skjema = NotatSkjema(post, kan_knyttes=kan_knyttes, steg=steg)
    if not skjema.is_valid():
        return skjema, None
    data = skjema.cleaned_data
    if steg != "opprett":
        return NotatSkjema(initial={**data, "duf": ""}, kan_knyttes=kan_knyttes), None
    notat = notat_opprett(
        av=request.user,
        tittel=data["tittel"],
        omraade=data["omraade"],
        tekst=data["tekst"],
        organisasjon=organisasjon,
        personer=[*gjelder, *data["personobjekter"]],
    )
    return None, notat
