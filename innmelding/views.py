from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from imdinett.feil import DomeneFeil
from imdinett.htmx import side_eller_del
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import organisasjoner_med_rolle
from imdinett.skjema import dato_fra_tekst
from kommune.selectors import KOMMUNE_LES, access_kommune
from kommune.views import kommunemeny

from . import selectors, services
from .forms import AntallPlasserSkjema, BegrunnelseSkjema, BestemtPersonSkjema, DufSkjema, LedigBoligSkjema
from .models import Innmelding

SKRIV = (Rolle.KOMMUNE_BOSETTER_SKRIV,)


def _ctx(request, kommune, undermeny: str, **ekstra) -> dict:
    kan_skrive = kommune.pk in organisasjoner_med_rolle(request.user, *SKRIV)
    return {
        "kommune": kommune,
        "kan_skrive": kan_skrive,
        **kommunemeny(request, kommune, undermeny),
        **ekstra,
    }


def _liste(request, kommune_id: int, *, aktive: bool):
    kommune = access_kommune(request.user, kommune_id, *KOMMUNE_LES)
    filter_ = {
        "type": request.GET.get("type", ""),
        "fra": request.GET.get("fra", ""),
        "til": request.GET.get("til", ""),
    }
    liste = list(
        selectors.innmeldinger(
            kommune,
            aktive=aktive,
            type=filter_["type"],
            fra=dato_fra_tekst(filter_["fra"]),
            til=dato_fra_tekst(filter_["til"]),
        )
    )
    ctx = _ctx(
        request,
        kommune,
        "innmeldinger" if aktive else "ferdige",
        liste=liste,
        aktive=aktive,
        filter=filter_,
        typer=Innmelding.Type.choices,
        vis=request.GET.get("vis", ""),
        alle=request.GET.get("alle") == "1",
        kanseller=BegrunnelseSkjema(),
    )
    return render(request, side_eller_del(request, "innmelding/liste.html", "liste"), ctx)


def aktive(request, kommune_id: int):
    return _liste(request, kommune_id, aktive=True)


def ferdige(request, kommune_id: int):
    return _liste(request, kommune_id, aktive=False)


def _send(request, kommune, skjema, type_: str, ekstra: dict | None = None) -> bool:
    """Send from a valid form; a refusal from the service goes next to its field."""
    data = {k: v for k, v in skjema.cleaned_data.items() if k not in ("antall_uker", "duf")}
    uker = skjema.cleaned_data.get("antall_uker") or 1
    try:
        for i in range(uker):
            services.innmelding_send(
                kommune=kommune,
                type=type_,
                av=request.user,
                **{**data, **(ekstra or {}), "forventet_uke": data["forventet_uke"] + timedelta(weeks=i)},
            )
    except DomeneFeil as e:
        skjema.add_error(e.felt if e.felt in skjema.fields else None, e.melding)
        return False
    messages.success(
        request, "Innmeldingen er sendt." if uker == 1 else f"{uker} innmeldinger er sendt, én per uke."
    )
    return True


def ledig_bolig(request, kommune_id: int):
    kommune = access_kommune(request.user, kommune_id, *SKRIV)
    skjema = LedigBoligSkjema(request.POST or None)
    if (
        request.method == "POST"
        and skjema.is_valid()
        and _send(request, kommune, skjema, Innmelding.Type.LEDIG_BOLIG)
    ):
        return redirect("innmelding:aktive", kommune.pk)
    return render(
        request,
        "innmelding/ny.html",
        _ctx(request, kommune, "ledig_bolig", skjema=skjema, tittel="Ledige boliger"),
        status=400 if skjema.errors else 200,
    )


def antall_plasser(request, kommune_id: int):
    kommune = access_kommune(request.user, kommune_id, *SKRIV)
    skjema = AntallPlasserSkjema(request.POST or None, initial={"antall_uker": 1})
    if (
        request.method == "POST"
        and skjema.is_valid()
        and _send(request, kommune, skjema, Innmelding.Type.ANTALL_PLASSER)
    ):
        return redirect("innmelding:aktive", kommune.pk)
    return render(
        request,
        "innmelding/ny.html",
        _ctx(request, kommune, "antall_plasser", skjema=skjema, tittel="Antall plasser"),
        status=400 if skjema.errors else 200,
    )


def bestemt_person(request, kommune_id: int):
    """Search by DUF only; a person not up for settlement is a clear error, and family members are
    shown by relation without name or DUF (seed 002)."""
    kommune = access_kommune(request.user, kommune_id, *SKRIV)
    sok = DufSkjema(request.GET if "duf" in request.GET else None)
    person, skjema = None, None
    if sok.is_bound and sok.is_valid():
        try:
            person = services.person_for_innmelding(sok.cleaned_data["duf"])
        except DomeneFeil as e:
            sok.add_error("duf", e.melding)
    if person is not None:
        skjema = BestemtPersonSkjema(request.POST or None)
        if (
            request.method == "POST"
            and skjema.is_valid()
            and _send(request, kommune, skjema, Innmelding.Type.BESTEMT_PERSON, {"person": person})
        ):
            return redirect("innmelding:aktive", kommune.pk)
    familie = person.husstand.personer.exclude(pk=person.pk).order_by("fodselsdato") if person else []
    ctx = _ctx(
        request,
        kommune,
        "bestemt_person",
        sok=sok,
        person=person,
        familie=familie,
        skjema=skjema,
        tittel="Bestemte personer",
    )
    return render(
        request,
        "innmelding/bestemt_person.html",
        ctx,
        status=400 if sok.errors or (skjema and skjema.errors) else 200,
    )


@require_POST
def kanseller(request, kommune_id: int, innmelding_id: int):
    kommune = access_kommune(request.user, kommune_id, *SKRIV)
    innmelding = selectors.access_innmelding(kommune, innmelding_id)
    skjema = BegrunnelseSkjema(request.POST)
    if not skjema.is_valid():
        messages.error(request, "Innmeldingen ble ikke kansellert: skriv en begrunnelse.")
        return redirect(f"{_liste_url(kommune)}?vis={innmelding.pk}#innmelding-{innmelding.pk}")
    try:
        services.innmelding_kanseller(
            innmelding=innmelding, begrunnelse=skjema.cleaned_data["begrunnelse"], av=request.user
        )
    except DomeneFeil as e:
        messages.error(request, e.melding)
    else:
        messages.success(request, f"Innmelding {innmelding.pk} er kansellert.")
    return redirect("innmelding:aktive", kommune.pk)


def _liste_url(kommune) -> str:
    return reverse("innmelding:aktive", args=[kommune.pk])


def kapasitet(request, kommune_id: int):
    kommune = access_kommune(request.user, kommune_id, *KOMMUNE_LES)
    idag = timezone.localdate()
    fra = services.mandag(dato_fra_tekst(request.GET.get("fra")) or idag)
    rader = selectors.kapasitet(kommune, fra=fra)
    return render(
        request, "innmelding/kapasitet.html", _ctx(request, kommune, "kapasitet", rader=rader, fra=fra)
    )
