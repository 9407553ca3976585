import segno
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from imdinett.skjema import parametere, skjemaside, tjenesten

from . import services
from .forms import KodeSkjema, NyBrukerSkjema, RollerSkjema
from .roller import Rolle
from .selectors import (
    access_bruker_som_administrator,
    access_organisasjon_som_administrator,
    administrerte_organisasjoner,
    brukere_i,
    brukerroller,
    krever_tofaktor,
    tildelbare_roller,
)


def _organisasjon(request):
    """The organisation the administrator manages (the first, if several); 404 for non-administrators."""
    ider = administrerte_organisasjoner(request.user)
    valgt = parametere(request).heltall("organisasjon", standard=min(ider) if ider else 0)
    return access_organisasjon_som_administrator(request.user, valgt)


def brukere(request):
    organisasjon = _organisasjon(request)
    liste = list(brukere_i(organisasjon))
    roller = brukerroller(liste)
    rader = [(b, roller.get(b.pk, [])) for b in liste]
    return render(
        request,
        "organisasjoner/brukere.html",
        {"organisasjon": organisasjon, "rader": rader, "tildelbare": tildelbare_roller(organisasjon)},
    )


def bruker_ny(request):
    organisasjon = _organisasjon(request)
    tildelbare = tildelbare_roller(organisasjon)
    skjema = NyBrukerSkjema(request.POST or None, tildelbare=tildelbare)
    if request.method == "POST" and skjema.is_valid():
        data = skjema.cleaned_data
        with tjenesten(skjema):
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
            messages.success(request, f"Brukeren {bruker.username} er opprettet.")
            return redirect("bruker", pk=bruker.pk)
    return skjemaside(
        request,
        "organisasjoner/bruker_ny.html",
        {"organisasjon": organisasjon, "skjema": skjema, "tildelbare": tildelbare},
        skjema,
    )


def bruker(request, pk: int):
    bruker = access_bruker_som_administrator(request.user, pk)
    organisasjon = bruker.organisasjon
    naa = set(brukerroller([bruker]).get(bruker.pk, []))
    tildelbare = tildelbare_roller(organisasjon)
    skjema = RollerSkjema(
        request.POST or None,
        tildelbare=tildelbare,
        initial={"roller": [r.value for r in naa]},
    )
    if request.method == "POST" and skjema.is_valid():
        with tjenesten(skjema):
            services.bruker_sett_roller(av=request.user, bruker=bruker, roller=skjema.valgte_roller())
            messages.success(request, "Rollene er lagret.")
            return redirect("bruker", pk=bruker.pk)
    return skjemaside(
        request,
        "organisasjoner/bruker.html",
        {
            "bruker_": bruker,
            "organisasjon": organisasjon,
            "skjema": skjema,
            "tofaktor": TOTPDevice.objects.filter(user=bruker).exists(),
            "egen": bruker.pk == request.user.pk,  # own roles are shown, not changed (services refuse it)
            "roller": sorted(naa, key=list(Rolle).index),
            "tildelbare": tildelbare,
        },
        skjema,
    )


@require_POST
def bruker_aktiv(request, pk: int):
    bruker = access_bruker_som_administrator(request.user, pk)
    aktiv = request.POST.get("aktiv") == "1"
    with tjenesten(request):
        services.bruker_sett_aktiv(av=request.user, bruker=bruker, aktiv=aktiv)
        messages.success(request, f"Brukeren {bruker.username} er {'aktivert' if aktiv else 'deaktivert'}.")
    return redirect("bruker", pk=bruker.pk)


TOTP_OPPSETT = "tofaktor_oppsett"  # the session's authenticator being set up (its key shown only here)


def tofaktor(request):
    """The second step of the login: the code from the authenticator app; on the first login the app is
    set up here (QR code and the key in text) and confirmed by its first code."""
    neste = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(neste, {request.get_host()}, require_https=request.is_secure()):
        neste = resolve_url(settings.LOGIN_REDIRECT_URL)
    if request.user.is_verified() or not krever_tofaktor(request.user):
        return redirect(neste)
    enhet = services.totp_enhet(request.user, request.session.get(TOTP_OPPSETT))
    if not enhet.confirmed:
        request.session[TOTP_OPPSETT] = enhet.pk
    skjema = KodeSkjema(request.POST or None)
    if request.method == "POST" and skjema.is_valid():
        with tjenesten(skjema):
            enhet = services.totp_bekreft(
                bruker=request.user, enhet_id=enhet.pk, kode=skjema.cleaned_data["kode"]
            )
            request.session.pop(TOTP_OPPSETT, None)
            otp_login(request, enhet)
            request.session.cycle_key()  # fully logged in now: a cookie seen before the code is worth nothing
            return redirect(neste)
    kontekst = {"skjema": skjema, "enhet": enhet, "neste": neste}
    if not enhet.confirmed:
        nokkel = enhet.config_url.split("secret=")[1].split("&")[0]
        kontekst["nokkel"] = " ".join(nokkel[i : i + 4] for i in range(0, len(nokkel), 4))
        kontekst["qr"] = segno.make(enhet.config_url, error="m").svg_inline(
            scale=5, title="QR-kode for autentiseringsappen", svgclass="qr"
        )
    return skjemaside(request, "registration/tofaktor.html", kontekst, skjema)


@require_POST
def bruker_tofaktor_nullstill(request, pk: int):
    bruker = access_bruker_som_administrator(request.user, pk)
    with tjenesten(request):
        services.totp_nullstill(av=request.user, bruker=bruker)
        messages.success(
            request,
            f"Tofaktorinnloggingen til {bruker.username} er nullstilt. Ved neste innlogging settes den opp på nytt.",
        )
    return redirect("bruker", pk=bruker.pk)
