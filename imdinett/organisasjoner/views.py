from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from imdinett.feil import DomeneFeil

from . import services
from .forms import NyBrukerSkjema, RollerSkjema
from .selectors import (
    access_bruker_som_administrator,
    access_organisasjon_som_administrator,
    administrerte_organisasjoner,
    brukere_i,
    brukerroller,
    tildelbare_roller,
)


def _organisasjon(request):
    """The organisation the administrator manages (the first, if several); 404 for non-administrators."""
    ider = administrerte_organisasjoner(request.user)
    valgt = request.GET.get("organisasjon") or (min(ider) if ider else 0)
    return access_organisasjon_som_administrator(request.user, int(valgt) if str(valgt).isdigit() else 0)


def brukere(request):
    organisasjon = _organisasjon(request)
    liste = list(brukere_i(organisasjon))
    roller = brukerroller(liste)
    rader = [(b, roller.get(b.pk, [])) for b in liste]
    return render(request, "organisasjoner/brukere.html", {"organisasjon": organisasjon, "rader": rader})


def bruker_ny(request):
    organisasjon = _organisasjon(request)
    skjema = NyBrukerSkjema(request.POST or None, tildelbare=tildelbare_roller(organisasjon))
    if request.method == "POST" and skjema.is_valid():
        data = skjema.cleaned_data
        try:
            bruker = services.bruker_opprett(
                av=request.user,
                organisasjon=organisasjon,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                password=data["password"],
                roller=skjema.valgte_roller(),
            )
        except DomeneFeil as e:
            skjema.add_error(e.felt, e.melding)
        else:
            messages.success(request, f"Brukeren {bruker.username} er opprettet.")
            return redirect("bruker", pk=bruker.pk)
    return render(request, "organisasjoner/bruker_ny.html", {"organisasjon": organisasjon, "skjema": skjema})


def bruker(request, pk: int):
    bruker = access_bruker_som_administrator(request.user, pk)
    organisasjon = bruker.organisasjon
    naa = set(brukerroller([bruker]).get(bruker.pk, []))
    skjema = RollerSkjema(
        request.POST or None,
        tildelbare=tildelbare_roller(organisasjon),
        initial={"roller": [r.value for r in naa]},
    )
    if request.method == "POST" and skjema.is_valid():
        try:
            services.bruker_sett_roller(av=request.user, bruker=bruker, roller=skjema.valgte_roller())
        except DomeneFeil as e:
            skjema.add_error(None, e.melding)
        else:
            messages.success(request, "Rollene er lagret.")
            return redirect("bruker", pk=bruker.pk)
    return render(
        request,
        "organisasjoner/bruker.html",
        {"bruker_": bruker, "organisasjon": organisasjon, "skjema": skjema},
    )


@require_POST
def bruker_aktiv(request, pk: int):
    bruker = access_bruker_som_administrator(request.user, pk)
    aktiv = request.POST.get("aktiv") == "1"
    try:
        services.bruker_sett_aktiv(av=request.user, bruker=bruker, aktiv=aktiv)
    except DomeneFeil as e:
        messages.error(request, e.melding)
    else:
        messages.success(request, f"Brukeren {bruker.username} er {'aktivert' if aktiv else 'deaktivert'}.")
    return redirect("bruker", pk=bruker.pk)
