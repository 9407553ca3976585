"""The kommune's pages for distribution: Kommuner → Bosetting → Fordelinger and Bosettingsdato."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from imdinett.dokumenter.selectors import kan_lese as dokument_kan_lese
from imdinett.organisasjoner.tilgang import kan, kommuneside
from imdinett.personer.models import Bosettingssak, Person
from imdinett.skjema import parametere, skjemaside, tjenesten

from . import services
from .forms import BosettingsdatoSkjema, SvarSkjema, TilbakemeldingSkjema
from .models import Tilbakemelding
from .selectors import kommune as kommune_selectors


@kommuneside("fordeling.les")
def fordelinger(request):
    kommune = request.kommune
    ctx = {
        "kommune": kommune,
        "lister": list(kommune_selectors.fordelingslister(kommune)),
    }
    return render(request, "fordeling/fordelinger.html", ctx)


@kommuneside("fordeling.les")
def liste(request, liste_id: int):
    """One list: the anonymised persons, and for Kommune_Bosetter_Skriv the two-step answer —
    «Bekreft liste» stores the answers, «Send svar» sends them (once). A person's «Vis detaljer» is fetched
    when opened (htmx, `?vis=<number on the list>`; without JavaScript the page again with it open);
    «Vis alle detaljer» (`?alle`) draws everyone's."""
    kommune = request.kommune
    fl = kommune_selectors.access_fordelingsliste(kommune, liste_id)
    kan_svare = kan(request.user, "fordeling.svar", kommune)
    vis = parametere(request).tekst("vis")
    alle_detaljer = request.GET.get("alle") is not None
    detaljer_for = None if alle_detaljer else {int(vis)} if vis.isdecimal() else set()
    husstander = kommune_selectors.liste_visning(fl, request.user, detaljer_for=detaljer_for)
    if request.method == "GET" and vis and request.htmx and not request.htmx.history_restore_request:
        person = next((p for h in husstander for p in h.personer if str(p.nr) == vis), None)
        if person is None:
            raise Http404
        return render(request, "fordeling/_detaljer.html", {"p": person})
    # Answering opens on a sent list; a confirmed one reopens with «Endre svar» (?endre) until it is sent.
    redigerer = (
        kan_svare and fl.venter_paa_svar and (not fl.er_bekreftet or request.GET.get("endre") is not None)
    )
    med_innmelding = any(p.linje.innmelding_id for h in husstander for p in h.personer)
    skjema = None
    if request.method == "POST":
        if not kan_svare:
            raise Http404
        handling = request.POST.get("handling")
        if handling == "send":
            with tjenesten(request):
                services.fordelingsliste_send_svar(liste=fl, av=request.user)
                messages.success(
                    request,
                    "Svaret er sendt til IMDi. Personene som skal bosettes er søkt ut til kommunen; "
                    "du finner dem under Personer.",
                )
            return redirect("fordeling:liste", kommune.pk, fl.pk)
        skjema = SvarSkjema(request.POST, husstander=husstander)
        redigerer = True
        if skjema.is_valid():
            with tjenesten(skjema):
                services.fordelingsliste_bekreft(liste=fl, svar=skjema.svar(), av=request.user)
                messages.success(request, "Listen er bekreftet. Kontroller svaret og trykk «Send svar».")
                return redirect("fordeling:liste", kommune.pk, fl.pk)
    elif redigerer:
        skjema = SvarSkjema(husstander=husstander)
    brev = fl.brev if fl.brev_id else None  # «Bosetting av flyktninger»: for those who reach its persons
    ctx = {
        "kommune": kommune,
        "liste": fl,
        "brev": brev if brev is not None and dokument_kan_lese(request.user, brev) else None,
        "husstander": husstander,
        "kolonner": 7 + fl.er_besvart + med_innmelding,  # the table's header: Navn once answered, Innmelding
        "antall": sum(len(h.personer) for h in husstander),
        "med_innmelding": med_innmelding,
        "besvart": fl.er_besvart,
        "skjema": skjema,
        "redigerer": redigerer,
        "kan_svare": kan_svare,
        "alle_detaljer": alle_detaljer,
    }
    return skjemaside(request, "fordeling/liste.html", ctx, skjema)


@kommuneside("bosettingsdato.les")
def bosettingsdato(request):
    """Persons the kommune accepted who are not yet settled; «Vis detaljer» where the kommune registers
    the date itself (privatboende, institusjon, AMOT)."""
    kommune = request.kommune
    ctx = {
        "kommune": kommune,
        "saker": list(kommune_selectors.til_bosettingsdato(kommune)),
        "egne_typer": kommune_selectors.KOMMUNEN_REGISTRERER_DATO,
        "kan_svare": kan(request.user, "fordeling.svar", kommune),
    }
    return render(request, "fordeling/bosettingsdato.html", ctx)


@kommuneside("bosettingsdato.skriv")
def bosettingsdato_registrer(request, person_id: int):
    """Two steps (seed 002): «Registrer» the date, then confirm with «Ja»."""
    kommune = request.kommune
    sak = kommune_selectors.access_til_bosettingsdato(kommune, person_id)
    skjema = BosettingsdatoSkjema(request.POST or None)
    steg = "dato"
    if request.method == "POST" and skjema.is_valid():
        steg = "bekreft"
        if request.POST.get("handling") == "ja":
            with tjenesten(skjema):
                services.bosettingsdato_registrer(
                    kommune=kommune, person_id=person_id, dato=skjema.cleaned_data["dato"], av=request.user
                )
                messages.success(request, f"Bosettingsdato er registrert for {sak.person.navn}.")
                return redirect("fordeling:bosettingsdato", kommune.pk)
            steg = "dato"
    ctx = {
        "kommune": kommune,
        "sak": sak,
        "skjema": skjema,
        "steg": steg,
    }
    return skjemaside(request, "fordeling/bosettingsdato_registrer.html", ctx, skjema)


# Where the category starts, from the person's case type; the kommune can change it.
KATEGORI_FRA_SAKSTYPE = {
    Person.Sakstype.OVERFORINGSFLYKTNING: Tilbakemelding.Kategori.OVERFORINGSFLYKTNING,
    Person.Sakstype.PRIVATBOENDE: Tilbakemelding.Kategori.PRIVATBOENDE,
}


@kommuneside("tilbakemelding.skriv")
def tilbakemelding(request, person_id: int):
    """«Meld inn tilbakemelding på bosettingsforberedende informasjon» from a settled person's folder."""
    kommune = request.kommune
    sak = get_object_or_404(
        Bosettingssak.objects.select_related("person"),
        person_id=person_id,
        kommune=kommune,
        status=Bosettingssak.Status.BOSATT,
    )
    kategori = KATEGORI_FRA_SAKSTYPE.get(sak.person.sakstype, Tilbakemelding.Kategori.MOTTAK)
    skjema = TilbakemeldingSkjema(request.POST or None, initial={"kategori": kategori})
    if request.method == "POST" and skjema.is_valid():
        with tjenesten(skjema):
            services.tilbakemelding_registrer(
                kommune=kommune, person_id=person_id, av=request.user, **skjema.cleaned_data
            )
            messages.success(request, "Tilbakemeldingen er sendt til IMDi. Takk!")
            return redirect("personer:grunndata", person_id)
    ctx = {
        "kommune": kommune,
        "person": sak.person,
        "skjema": skjema,
    }
    return skjemaside(request, "fordeling/tilbakemelding.html", ctx, skjema)
