"""Which persons a user may reach. The one place access to persons is decided (DOMAIN.md):
every view, export and PDF asks `access_person` or filters with `persons_visible_to`."""

from django.db.models import Q, QuerySet
from django.http import Http404

from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import roller_for

from .models import Bosettingssak, Person

S = Bosettingssak.Status

# The kommune reaches a person's folder once it has accepted (søkt ut) and afterwards.
KOMMUNE_MAPPE_STATUSER = (S.SOKT_UT, S.BOSATT, S.BOSETTINGSNEKT)


def _omfang(rolle: Rolle, org_id: int) -> Q | None:
    """The persons one role at one organisation reaches; None for roles that reach nobody."""
    match rolle:
        case Rolle.IMDI_SAKSBEHANDLER:
            return Q()
        case Rolle.MOTTAK_BOSETTINGSANSVARLIG | Rolle.MOTTAK_KOMPASS:
            return Q(mottak_id=org_id, bosettingssak__isnull=False)
        case Rolle.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG | Rolle.INTEGRERINGSMOTTAK_KOMPASS:
            return Q(mottak_id=org_id)
        case Rolle.KOMMUNE_BOSETTER_SKRIV | Rolle.KOMMUNE_BOSETTER_LES:
            return Q(bosettingssak__kommune_id=org_id, bosettingssak__status__in=KOMMUNE_MAPPE_STATUSER)
        case Rolle.KOMMUNE_KARTLEGGER:
            return Q(mottak__vertskommune_id=org_id)
        case _:
            # Administrators, Anmoder roles (basic data by exact DUF only) and Bufetat.
            return None


def persons_visible_to(bruker, *, roller: set[Rolle] | None = None) -> QuerySet[Person]:
    """Persons the user reaches through any of their roles (or only through `roller`)."""
    vilkaar = Q(pk__in=[])
    for org_id, har in roller_for(bruker).items():
        for rolle in har:
            if roller is not None and rolle not in roller:
                continue
            omfang = _omfang(rolle, org_id)
            if omfang is not None:
                if omfang == Q():
                    return Person.objects.all()
                vilkaar |= omfang
    return Person.objects.filter(vilkaar)


def access_person(bruker, person_id: int, *, roller: set[Rolle] | None = None) -> Person:
    """The person if the user may reach them, else 404 — the same for missing and forbidden."""
    person = (
        persons_visible_to(bruker, roller=roller)
        .select_related(
            "husstand", "mottak", "mottak__vertskommune", "bosettingssak", "bosettingssak__kommune"
        )
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404
    return person


def person_sok(bruker, tekst: str) -> QuerySet[Person]:
    """Search by name, DUF, fødselsnummer or Reg-nr among the persons the user reaches."""
    tekst = " ".join(tekst.split())
    qs = persons_visible_to(bruker).select_related("bosettingssak", "mottak", "husstand")
    if not tekst:
        return qs.none()
    siffer = tekst.replace(" ", "")
    if siffer.isdigit():
        return qs.filter(Q(duf_nummer=siffer) | Q(fodselsnummer=siffer) | Q(husstand__reg_nr=siffer))
    vilkaar = Q()
    for ord_ in tekst.split():
        vilkaar &= Q(fornavn__icontains=ord_) | Q(etternavn__icontains=ord_) | Q(mellomnavn__icontains=ord_)
    return qs.filter(vilkaar)


def kartleggingsinformasjon(person: Person, *, for_imdi: bool) -> dict:
    """Everything registered on the person for the «Kartleggingsinformasjon» printout.

    Internal notes and behandler are IMDi's only (DOMAIN.md): they are not even fetched otherwise.
    """
    from .models import Bosettingssamtale

    try:
        samtale = person.samtale
    except Bosettingssamtale.DoesNotExist:
        samtale = None
    svar = []
    if samtale is not None:
        for felt in Bosettingssamtale._meta.fields:
            if felt.name in ("id", "person", "endret", "endret_av"):
                continue
            verdi = getattr(samtale, felt.name)
            if verdi in (None, "") or (verdi is False and felt.name == "onsker_ikke_gi_info"):
                continue
            if isinstance(verdi, bool):
                verdi = "Ja" if verdi else "Nei"
            elif felt.choices:
                verdi = getattr(samtale, f"get_{felt.name}_display")()
            svar.append((felt.verbose_name, verdi))
    return {
        "person": person,
        "sak": getattr(person, "bosettingssak", None),
        "samtale": samtale,
        "svar": svar,
        "bosettingsmerknader": list(person.bosettingsmerknader.all()),
        "interne": list(person.interne_merknader.all()) if for_imdi else [],
        "behandlere": list(person.behandlere.all()) if for_imdi else [],
        "for_imdi": for_imdi,
    }


def personliste(bruker):
    """The user's Personliste, keeping only persons the user still reaches."""
    from .models import Personliste

    synlige = persons_visible_to(bruker)
    return (
        Personliste.objects.filter(bruker=bruker, person__in=synlige)
        .select_related("person", "person__bosettingssak")
        .order_by("lagt_til")
    )
