from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from imdinett.dokumenter.services import pdf_render
from imdinett.feil import DomeneFeil
from imdinett.htmx import side_eller_del
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import er_imdi

from . import services
from .selectors import access_person, kartleggingsinformasjon, person_sok, personliste


def sok(request):
    tekst = request.GET.get("q", "")
    treff = list(person_sok(request.user, tekst)[:100]) if tekst else []
    mal = side_eller_del(request, "personer/sok.html", "treff")
    return render(request, mal, {"q": tekst, "treff": treff})


def grunndata(request, pk: int):
    person = access_person(request.user, pk)
    i_listen = person.pk in {p.person_id for p in personliste(request.user)}
    return render(request, "personer/grunndata.html", {"person": person, "i_listen": i_listen})


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
    try:
        services.personliste_legg_til(bruker=request.user, person=person)
        messages.success(request, "Personen er lagt til i personlisten på arbeidsflaten.")
    except DomeneFeil as e:
        messages.error(request, e.melding)
    return redirect("personer:grunndata", pk)


# Who may print the whole interview: IMDi, the mottak's Bosettingsansvarlig roles and the kommune's
# Bosetter roles once the person is søkt ut there (Kompass and Kartlegger roles reach persons for other
# purposes and do not print it).
UTSKRIFT_ROLLER = {
    Rolle.IMDI_SAKSBEHANDLER,
    Rolle.MOTTAK_BOSETTINGSANSVARLIG,
    Rolle.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG,
    Rolle.KOMMUNE_BOSETTER_SKRIV,
    Rolle.KOMMUNE_BOSETTER_LES,
}


def kartleggingsinformasjon_pdf(request, pk: int):
    """«Lag PDF av Kartleggingsinformasjon» for anyone who reaches the person; internal notes and
    behandler only when IMDi prints."""
    person = access_person(request.user, pk, roller=UTSKRIFT_ROLLER)
    kontekst = {
        **kartleggingsinformasjon(person, for_imdi=er_imdi(request.user)),
        "tittel": "Kartleggingsinformasjon",
    }
    pdf = pdf_render(template="personer/kartleggingsinformasjon.html", context=kontekst)
    svar = HttpResponse(pdf, content_type="application/pdf")
    svar["Content-Disposition"] = (
        f'inline; filename="kartleggingsinformasjon-{slugify(person.duf_nummer)}.pdf"'
    )
    return svar
