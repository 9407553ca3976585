from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from imdinett.feil import DomeneFeil
from imdinett.htmx import side_eller_del
from imdinett.organisasjoner.tilgang import kan, kommuneside
from imdinett.skjema import parametere, skjemaside, tjenesten
from imdinett.uker import mandag

from . import selectors, services
from .forms import AntallPlasserSkjema, BegrunnelseSkjema, BestemtPersonSkjema, DufSkjema, LedigBoligSkjema
from .models import Innmelding


def _ctx(request, kommune, **ekstra) -> dict:
    return {"kommune": kommune, "kan_skrive": kan(request.user, "innmelding.skriv", kommune), **ekstra}


def _liste(request, *, aktive: bool, kanseller: BegrunnelseSkjema | None = None, vis: str = ""):
    """The list; `kanseller` a refused cancellation, drawn open at the innmelding `vis` (400)."""
    kommune = request.kommune
    les = parametere(request)
    filter_ = {k: request.GET.get(k, "") for k in ("type", "fra", "til")}  # as typed, for the fields
    liste = list(
        selectors.innmeldinger(
            kommune,
            aktive=aktive,
            type=les.valg("type", Innmelding.Type.values),
            fra=les.dato("fra"),
            til=les.dato("til"),
        )
    )
    ctx = _ctx(
        request,
        kommune,
        liste=liste,
        aktive=aktive,
        filter=filter_,
        typer=Innmelding.Type.choices,
        vis=vis or request.GET.get("vis", ""),
        alle=request.GET.get("alle") == "1",
        kanseller=kanseller or BegrunnelseSkjema(),
        # The filter and the links name the list: a refused cancellation draws it at the form's address.
        liste_url=reverse("innmelding:aktive" if aktive else "innmelding:ferdige", args=[kommune.pk]),
    )
    return skjemaside(request, side_eller_del(request, "innmelding/liste.html", "liste"), ctx, kanseller)


@kommuneside("innmelding.les")
def aktive(request):
    return _liste(request, aktive=True)


@kommuneside("innmelding.les")
def ferdige(request):
    return _liste(request, aktive=False)


def _send(request, kommune, skjema, type_: str, ekstra: dict | None = None) -> bool:
    """Send from a valid form; a refusal from the service goes next to its field."""
    data = {k: v for k, v in skjema.cleaned_data.items() if k not in ("antall_uker", "duf")}
    uker = skjema.cleaned_data.get("antall_uker") or 1
    with tjenesten(skjema):
        for i in range(uker):
            services.innmelding_send(
                kommune=kommune,
                type=type_,
                av=request.user,
                **{**data, **(ekstra or {}), "forventet_uke": data["forventet_uke"] + timedelta(weeks=i)},
            )
        messages.success(
            request, "Innmeldingen er sendt." if uker == 1 else f"{uker} innmeldinger er sendt, én per uke."
        )
        return True
    return False


@kommuneside("innmelding.skriv")
def ledig_bolig(request):
    kommune = request.kommune
    skjema = LedigBoligSkjema(request.POST or None)
    if (
        request.method == "POST"
        and skjema.is_valid()
        and _send(request, kommune, skjema, Innmelding.Type.LEDIG_BOLIG)
    ):
        return redirect("innmelding:aktive", kommune.pk)
    return skjemaside(
        request, "innmelding/ny.html", _ctx(request, kommune, skjema=skjema, tittel="Ledige boliger"), skjema
    )


@kommuneside("innmelding.skriv")
def antall_plasser(request):
    kommune = request.kommune
    skjema = AntallPlasserSkjema(request.POST or None, initial={"antall_uker": 1})
    if (
        request.method == "POST"
        and skjema.is_valid()
        and _send(request, kommune, skjema, Innmelding.Type.ANTALL_PLASSER)
    ):
        return redirect("innmelding:aktive", kommune.pk)
    return skjemaside(
        request, "innmelding/ny.html", _ctx(request, kommune, skjema=skjema, tittel="Antall plasser"), skjema
    )


@kommuneside("innmelding.skriv")
def bestemt_person(request):
    """Search by DUF only, through the one lookup (`selectors.bestemt_person`): the name, the DUF and how
    many share the Reg-nr of a person up for settlement; one neutral message otherwise (seed 002)."""
    kommune = request.kommune
    sok = DufSkjema(request.GET if "duf" in request.GET else None)
    oppslag, skjema = None, None
    if sok.is_bound and sok.is_valid():
        try:
            oppslag = selectors.bestemt_person(request.user, kommune, sok.cleaned_data["duf"])
        except selectors.ForMangeOppslag as e:
            sok.add_error("duf", e.melding)
            ctx = _ctx(request, kommune, sok=sok, tittel="Bestemte personer")
            return render(request, "innmelding/bestemt_person.html", ctx, status=429)
        except DomeneFeil as e:
            sok.feil_fra_tjenesten(e)
    if oppslag is not None:
        skjema = BestemtPersonSkjema(request.POST or None)
        if request.method == "POST" and skjema.is_valid():
            person = selectors.bestemt_person_til_innmelding(oppslag)
            if _send(request, kommune, skjema, Innmelding.Type.BESTEMT_PERSON, {"person": person}):
                return redirect("innmelding:aktive", kommune.pk)
    ctx = _ctx(request, kommune, sok=sok, oppslag=oppslag, skjema=skjema, tittel="Bestemte personer")
    return skjemaside(request, "innmelding/bestemt_person.html", ctx, sok, skjema)


@require_POST
@kommuneside("innmelding.skriv")
def kanseller(request, innmelding_id: int):
    kommune = request.kommune
    innmelding = selectors.access_innmelding(kommune, innmelding_id)
    skjema = BegrunnelseSkjema(request.POST)
    # The reason missing: the list again, the message at the field. No longer waiting (IMDi took it, another
    # tab cancelled it): the service says so atop the list.
    if not skjema.is_valid() and innmelding.venter:
        return _liste(request, aktive=True, kanseller=skjema, vis=str(innmelding.pk))
    with tjenesten(request):
        services.innmelding_kanseller(
            innmelding=innmelding, begrunnelse=skjema.cleaned_data.get("begrunnelse", ""), av=request.user
        )
        messages.success(request, f"Innmelding {innmelding.pk} er kansellert.")
    return redirect("innmelding:aktive", kommune.pk)


@kommuneside("innmelding.les")
def kapasitet(request):
    kommune = request.kommune
    idag = timezone.localdate()
    fra = mandag(parametere(request).dato("fra", standard=idag))
    rader = selectors.kapasitet(kommune, fra=fra)
    return render(request, "innmelding/kapasitet.html", _ctx(request, kommune, rader=rader, fra=fra))
