from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from imdinett.hendelser.forms import NotatSkjema
from imdinett.hendelser.views import hendelsesliste, notat_behandle
from imdinett.htmx import side_eller_del
from imdinett.organisasjoner.tilgang import er_imdi, kan
from imdinett.paginering import sidetall
from imdinett.pdf import pdf_render
from imdinett.skjema import parametere, skjemaside, tjenesten

from . import services
from .models import Person
from .selectors import (
    MAPPE_ROLLER,
    access_person,
    bosetting_vist,
    grunndata_ved_duf,
    hendelser_for_person,
    husstandsmedlemmer,
    mappe,
    person_sok,
    personliste,
    persons_visible_to,
)

SOK_PER_SIDE = 50


def sok(request):
    """Personsøk, 50 hits a page (a count and one page: two queries however many hits)."""
    les = parametere(request)
    tekst = les.tekst("q")
    side = Paginator(person_sok(request.user, tekst), SOK_PER_SIDE).get_page(les.side())
    treff = list(side.object_list) if tekst else []
    begrenset = None
    if tekst and not treff:
        # Persons the user does not reach: exact DUF only, basic data only (seed 002 «Personsøk»).
        begrenset = grunndata_ved_duf(request.user, tekst)
    mal = side_eller_del(request, "personer/sok.html", "treff")
    ctx = {
        "q": tekst,
        "treff": treff,
        "begrenset": begrenset,
        "side": side,
        "sider": sidetall(side),
    }
    return render(request, mal, ctx)


# The folder's left menu (seed 002): url suffix, menu text. Grunndata is the folder's front page.
SEKSJONER = {
    "grunndata": "Grunndata",
    "detaljer": "Grunndata – detaljer",
    "bosetting": "Bosetting",
    "helse": "Helseinformasjon",
    "sosial": "Sosial informasjon",
    "hendelser": "Hendelser",
    "kompetanse": "Kompetanse",
    "registrering": "Om registreringen",
    "karriereveiledning": "Karriereveiledning",
    "utskrift": "Utskrift",
}


def _mappe(request, pk: int, seksjon: str) -> tuple[Person, dict]:
    """The person and the folder's common context; Grunndata for everyone who reaches the person, the other
    sections for MAPPE_ROLLER only (404 otherwise). Each opening is logged."""
    if seksjon == "grunndata":
        person = access_person(request.user, pk, innsyn=SEKSJONER[seksjon])
        hel_mappe = persons_visible_to(request.user, roller=MAPPE_ROLLER).filter(pk=pk).exists()
    else:
        person = access_person(request.user, pk, roller=MAPPE_ROLLER, innsyn=SEKSJONER[seksjon])
        hel_mappe = True
    ctx = {
        "person": person,
        "seksjon": seksjon,
        "seksjonstittel": SEKSJONER[seksjon],
        "mappemeny": SEKSJONER if hel_mappe else {"grunndata": SEKSJONER["grunndata"]},
        "for_imdi": er_imdi(request.user),
        "bosetting": bosetting_vist(getattr(person, "bosettingssak", None), for_imdi=er_imdi(request.user)),
        "kan_gi_tilbakemelding": (sak := getattr(person, "bosettingssak", None)) is not None
        and sak.status == sak.Status.BOSATT
        and kan(request.user, "tilbakemelding.skriv", sak.kommune_id),
    }
    return person, ctx


def grunndata(request, pk: int):
    person, ctx = _mappe(request, pk, "grunndata")
    ctx["i_listen"] = person.pk in {p.person_id for p in personliste(request.user)}
    return render(request, "personer/mappe_grunndata.html", ctx)


def seksjon(request, pk: int, seksjon: str):
    if seksjon not in SEKSJONER or seksjon in ("grunndata", "hendelser"):
        raise Http404
    person, ctx = _mappe(request, pk, seksjon)
    ctx.update(mappe(person, for_imdi=ctx["for_imdi"]))
    if seksjon == "detaljer":
        ctx["husstand"] = husstandsmedlemmer(request.user, person)
    return render(request, f"personer/mappe_{seksjon}.html", ctx)


def hendelser(request, pk: int):
    """The person's Hendelser; IMDi writes notes here (the kommune writes them on its own Hendelser)."""
    person, ctx = _mappe(request, pk, "hendelser")
    skjema = None
    if ctx["for_imdi"]:
        skjema = NotatSkjema(kan_knyttes=Person.objects.all())
        if request.method == "POST":
            skjema, notat = notat_behandle(request, kan_knyttes=Person.objects.all(), gjelder=[person])
            if notat is not None:
                messages.success(request, "Notatet er opprettet.")
                return redirect("personer:hendelser", person.pk)
    elif request.method == "POST":
        raise Http404
    ctx.update(hendelsesliste(request, hendelser_for_person(request.user, person)))
    ctx.update({"skjema": skjema, "handling": request.path})
    return skjemaside(request, "personer/mappe_hendelser.html", ctx, skjema)


@require_POST
def personliste_endre(request, pk: int):
    """«Legg til i personliste» / «Fjern»."""
    if request.POST.get("fjern"):
        services.personliste_fjern(bruker=request.user, person_id=pk)
        messages.success(request, "Personen er fjernet fra personlisten.")
        if request.POST.get("tilbake") == "arbeidsflate":
            return redirect("arbeidsflate")
        return redirect("personer:grunndata", pk)
    person = access_person(request.user, pk)
    with tjenesten(request):
        services.personliste_legg_til(bruker=request.user, person=person)
        messages.success(request, "Personen er lagt til i personlisten på arbeidsflaten.")
    return redirect("personer:grunndata", pk)


# «Lag PDF av …» (seed 002 «Utskrift»): printout key → (title, template).
UTSKRIFTER = {
    "kartleggingsinformasjon": ("Kartleggingsinformasjon", "personer/pdf_kartleggingsinformasjon.html"),
    "kompetanse": ("Kompetanse", "personer/pdf_kompetanse.html"),
    "karriereveileders-notat": ("Karriereveileders notat", "personer/pdf_karriereveileders_notat.html"),
}


def utskrift(request, pk: int, utskrift: str):
    """A printout with everything the viewer may see: internal notes and behandler only when IMDi prints."""
    if utskrift not in UTSKRIFTER:
        raise Http404
    tittel, mal = UTSKRIFTER[utskrift]
    person = access_person(request.user, pk, roller=MAPPE_ROLLER, innsyn=f"Utskrift: {tittel}")
    pdf = pdf_render(
        template=mal, context={**mappe(person, for_imdi=er_imdi(request.user)), "tittel": tittel}
    )
    respons = HttpResponse(pdf, content_type="application/pdf")
    respons["Content-Disposition"] = f'inline; filename="{utskrift}-{slugify(person.duf_nummer)}.pdf"'
    return respons
