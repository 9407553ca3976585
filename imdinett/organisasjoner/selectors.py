"""Who holds which role where. Every access decision about organisations starts here."""

from collections import defaultdict

from django.http import Http404

from .models import Bruker, Organisasjon, OrganisasjonRolle
from .roller import ADMINISTRATOR_ROLLER, Omraade, Rolle
from .tilgang import er_imdi_eller_superbruker, kan, roller_for


def organisasjoner_med_rolle(bruker, *roller: Rolle) -> set[int]:
    return {org_id for org_id, har in roller_for(bruker).items() if har.intersection(roller)}


def har_rolle(bruker, *roller: Rolle) -> bool:
    return bool(organisasjoner_med_rolle(bruker, *roller))


def er_bufetat(bruker) -> bool:
    """Bufetat's caseworkers: the admin's queue of innmeldinger only."""
    return bruker.is_active and kan(bruker, "admin.bufetat")


def naar_admin(bruker) -> bool:
    """Who reaches the admin at all (`admin_site.ImdinettAdminSite`). Everyone who does gives the one-time
    code too (`krever_tofaktor`)."""
    return er_imdi_eller_superbruker(bruker) or er_bufetat(bruker)


def krever_tofaktor(bruker) -> bool:
    """Everyone who reaches the admin (IMDi, Bufetat, superusers: the admin site's own rule), the admin's
    staff, and every organisation's administrators log in with a one-time code after the password
    (issue #10, «Tilgang»)."""
    return bool(
        bruker.is_superuser
        or bruker.is_staff
        or naar_admin(bruker)
        or har_rolle(bruker, *ADMINISTRATOR_ROLLER)
    )


def mangler_engangskode(request) -> bool:
    """Logged in (with the password or OpenID Connect) but not yet with the one-time code it requires."""
    bruker = request.user
    return bruker.is_authenticated and not bruker.is_verified() and krever_tofaktor(bruker)


def alle_roller(bruker) -> set[Rolle]:
    return set().union(*roller_for(bruker).values())


def administrerte_organisasjoner(bruker) -> set[int]:
    """Organisations whose users this user manages (Mottaks-/Kommuneadministrator)."""
    return organisasjoner_med_rolle(bruker, *ADMINISTRATOR_ROLLER)


def access_organisasjon_som_administrator(bruker, organisasjon_id: int) -> Organisasjon:
    if organisasjon_id not in administrerte_organisasjoner(bruker):
        raise Http404
    return Organisasjon.objects.get(pk=organisasjon_id)


def access_bruker_som_administrator(bruker, bruker_id: int):
    """A user of an organisation this administrator manages, else 404."""
    from .models import Bruker

    try:
        return Bruker.objects.select_related("organisasjon").get(
            pk=bruker_id, organisasjon_id__in=administrerte_organisasjoner(bruker)
        )
    except Bruker.DoesNotExist:
        raise Http404 from None


def tildelbare_roller(organisasjon: Organisasjon) -> list[Rolle]:
    """The roles an organisation's administrator may grant: those of its own area."""
    omraade = {
        Organisasjon.Type.MOTTAK: Omraade.MOTTAK,
        Organisasjon.Type.KOMMUNE: Omraade.KOMMUNE,
        Organisasjon.Type.BYDEL: Omraade.KOMMUNE,
        Organisasjon.Type.IMDI: Omraade.IMDI,
        Organisasjon.Type.BUFETAT: Omraade.BUFETAT,
    }[organisasjon.type]
    return [r for r in Rolle if r.omraade == omraade]


def brukere_i(organisasjon: Organisasjon):
    from .models import Bruker

    return Bruker.objects.filter(organisasjon=organisasjon).order_by("last_name", "first_name", "username")


def brukerroller(brukere) -> dict[int, list[Rolle]]:
    """{bruker id: roles at their own organisation} for a list of users, in one query."""
    koder = {r.codename: r for r in Rolle}
    ut: dict[int, list[Rolle]] = defaultdict(list)
    brukere = list(brukere)
    org_for = {b.pk: b.organisasjon_id for b in brukere}
    rader = OrganisasjonRolle.objects.filter(user__in=brukere).values_list(
        "user_id", "content_object_id", "permission__codename"
    )
    for user_id, org_id, codename in rader:
        if org_for.get(user_id) == org_id and codename in koder:
            ut[user_id].append(koder[codename])
    for roller in ut.values():
        roller.sort(key=list(Rolle).index)
    return ut


PANELER: dict[str, str] = {
    "personsok": "Personsøk",
    "varsler": "Varsler",
    "personliste": "Personliste",
    "informasjon": "Informasjon",
    "snarveier": "Snarveier",
}


def arbeidsflate_tilgjengelige(bruker: Bruker) -> list[str]:
    """The panels this user may show, in the default order. Personsøk only for those who may
    search persons — IMDi and the kommuner, the same rule as «Personer» in the global menu."""
    return [k for k in PANELER if k != "personsok" or kan(bruker, "person.sok")]


def arbeidsflate_paneler(bruker: Bruker) -> list[str]:
    """The panels the user shows, in their order (the default order until they choose).
    A panel the user has lost access to since (a role taken away) is simply not shown."""
    tilgjengelige = arbeidsflate_tilgjengelige(bruker)
    valgt = [k for k in bruker.arbeidsflate or () if k in tilgjengelige]
    return valgt or tilgjengelige
