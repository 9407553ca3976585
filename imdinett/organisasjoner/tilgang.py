"""Who may do what: the one table of named permissions that every layer asks (issue «Tilgang»).

A permission is a name («fordeling.svar») and the roles that grant it. A role is held at one organisation
(a guardian object permission, `roller.py`), so a permission is asked *for an organisation*:
`kan(bruker, "fordeling.svar", kommune)` — true when the user holds one of the permission's roles at that
kommune. IMDi is the national authority: where a permission lists IMDi_Saksbehandler, IMDi holds it for
every organisation. Without an organisation, `kan` asks whether the user holds it anywhere (menus).

Views ask through `organisasjonsside` (the organisation of the URL, 404 otherwise), templates through
`{% has_perm "fordeling.svar" user kommune as kan_svare %}` (django-rules, `{% load rules %}`), the admin and
services through `kan`; access to persons and documents derives its role sets from the same table
(`roller_med`). docs/security.md shows this table; tests/organisasjoner/test_tilgangsmodell.py checks it.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import wraps

import rules
from django.http import Http404

from imdinett.feil import DomeneFeil

from .models import Kommune, Mottak, OrganisasjonRolle
from .roller import Rolle

R = Rolle
_KOMMUNE_SAK = frozenset(
    {R.KOMMUNE_ANMODER_SKRIV, R.KOMMUNE_ANMODER_LES, R.KOMMUNE_BOSETTER_SKRIV, R.KOMMUNE_BOSETTER_LES}
)
_BOSETTER = frozenset({R.KOMMUNE_BOSETTER_SKRIV, R.KOMMUNE_BOSETTER_LES})
_ANMODER = frozenset({R.KOMMUNE_ANMODER_SKRIV, R.KOMMUNE_ANMODER_LES})
_SAMTALE = frozenset({R.MOTTAK_BOSETTINGSANSVARLIG, R.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG})
_KOMPASS = frozenset({R.MOTTAK_KOMPASS, R.INTEGRERINGSMOTTAK_KOMPASS})


@dataclass(frozen=True)
class Tillatelse:
    navn: str
    beskrivelse: str
    roller: frozenset[Rolle]


def _t(navn: str, beskrivelse: str, *roller) -> Tillatelse:
    samlet = set()
    for r in roller:
        samlet |= r if isinstance(r, frozenset) else {r}
    return Tillatelse(navn, beskrivelse, frozenset(samlet))


TILLATELSER: dict[str, Tillatelse] = {
    t.navn: t
    for t in (
        # Mottak (seed 001). The interview and the codes are the mottak's own tasks: IMDi reads the result
        # in the folder and the admin.
        _t("mottak.samtale", "Oppgaveliste, Oversikt mottaksbeboere, bosettingssamtalen", _SAMTALE),
        _t("mottak.koder", "Tildele koder Kompass", _SAMTALE, _KOMPASS),
        _t(
            "mottak.informasjon",
            "Mottaksinformasjon og kontaktinformasjon (lese)",
            R.MOTTAKSADMINISTRATOR,
            _SAMTALE,
            _KOMPASS,
            R.IMDI_SAKSBEHANDLER,
        ),
        _t(
            "mottak.kontakt_administrator",
            "Endre mottaksadministratorens kontaktinformasjon",
            R.MOTTAKSADMINISTRATOR,
        ),
        _t(
            "mottak.kontakt_bosetting",
            "Endre bosettingsansvarliges kontaktinformasjon",
            R.MOTTAKSADMINISTRATOR,
            _SAMTALE,
        ),
        # Kommune (seed 002)
        _t(
            "kommune.oversikt",
            "Oversikt bosetting (tall, ingen personer)",
            _KOMMUNE_SAK,
            R.KOMMUNEADMINISTRATOR,
            R.IMDI_SAKSBEHANDLER,
        ),
        _t(
            "kommune.kontakt_endre",
            "Endre kommunens kontaktinformasjon",
            R.KOMMUNEADMINISTRATOR,
            R.IMDI_SAKSBEHANDLER,
        ),
        _t("anmodning.les", "Anmodninger, vedtak og historikk (lese)", _ANMODER, R.IMDI_SAKSBEHANDLER),
        _t("anmodning.svar", "Registrere vedtak og svare på anmodninger", R.KOMMUNE_ANMODER_SKRIV),
        _t("fordeling.les", "Fordelingslister og kommunens svar (lese)", _KOMMUNE_SAK, R.IMDI_SAKSBEHANDLER),
        _t("fordeling.svar", "Bekrefte og svare på fordelingslister", R.KOMMUNE_BOSETTER_SKRIV),
        _t("bosettingsdato.les", "Bosettingsdato (lese)", _BOSETTER, R.IMDI_SAKSBEHANDLER),
        _t("bosettingsdato.skriv", "Registrere bosettingsdato", R.KOMMUNE_BOSETTER_SKRIV),
        _t("tilbakemelding.skriv", "Melde inn tilbakemelding om bosatte", R.KOMMUNE_BOSETTER_SKRIV),
        _t("innmelding.les", "Innmeldinger og kapasitet per uke (lese)", _BOSETTER, R.IMDI_SAKSBEHANDLER),
        _t(
            "innmelding.skriv",
            "Sende og kansellere innmeldinger",
            R.KOMMUNE_BOSETTER_SKRIV,
            R.IMDI_SAKSBEHANDLER,
        ),
        _t("hendelse.les", "Kommunens hendelser", _KOMMUNE_SAK, R.IMDI_SAKSBEHANDLER),
        _t(
            "hendelse.notat",
            "Skrive notater",
            R.KOMMUNE_ANMODER_SKRIV,
            R.KOMMUNE_BOSETTER_SKRIV,
            R.IMDI_SAKSBEHANDLER,
        ),
        _t("rapport.anmodninger", "Rapport: anmodninger og vedtak", _ANMODER, R.IMDI_SAKSBEHANDLER),
        _t(
            "rapport.anmodninger_landet",
            "Rapport: anmodninger og vedtak for hele landet",
            R.IMDI_SAKSBEHANDLER,
        ),
        _t("rapport.bosatte", "Rapport: bosatte personer (med navn)", _BOSETTER, R.IMDI_SAKSBEHANDLER),
        _t("rapport.landet", "Bosettingsrapport for hele landet (tall)", _KOMMUNE_SAK, R.IMDI_SAKSBEHANDLER),
        _t("kartlegging.skriv", "Kompetansekartlegging", R.KOMMUNE_KARTLEGGER, R.IMDI_SAKSBEHANDLER),
        # Persons (DOMAIN.md: which persons each role reaches is `personer.selectors._omfang`)
        _t(
            "person.sok",
            "Personsøk (egne personer; andre ved eksakt DUF-nummer, grunndata)",
            _KOMMUNE_SAK,
            R.KOMMUNE_KARTLEGGER,
            R.IMDI_SAKSBEHANDLER,
        ),
        _t("person.duf_oppslag", "Grunndata ved eksakt DUF-nummer", _KOMMUNE_SAK, R.KOMMUNE_KARTLEGGER),
        _t(
            "personmappe.les",
            "Hele personmappen, utskrifter og brev om personen",
            _SAMTALE,
            _BOSETTER,
            R.IMDI_SAKSBEHANDLER,
        ),
        _t("dokument.les", "Brev (samme som personmappen)", _SAMTALE, _BOSETTER, R.IMDI_SAKSBEHANDLER),
        # Users and the admin
        _t(
            "brukere.administrer",
            "Brukeradministrasjon i egen organisasjon",
            R.MOTTAKSADMINISTRATOR,
            R.KOMMUNEADMINISTRATOR,
        ),
        _t("admin.imdi", "IMDis arbeidsbenk (admin)", R.IMDI_SAKSBEHANDLER),
        _t(
            "innboks.lever",
            "Levere meldinger fra UDI og MOT til innboksen (API-klienter)",
            R.IMDI_SAKSBEHANDLER,
        ),
        _t("admin.bufetat", "Innmeldinger for EM under 15 år (admin)", R.BUFETAT_SAKSBEHANDLER),
    )
}


def roller_for(bruker) -> dict[int, frozenset[Rolle]]:
    """The roles the user holds, {organisasjon id: the user's roles there}, one query, cached on the user object."""
    if not getattr(bruker, "is_authenticated", False) or not bruker.is_active:
        return {}
    cached = getattr(bruker, "_imdinett_roller", None)
    if cached is None:
        koder = {r.codename: r for r in Rolle}
        samlet: dict[int, set[Rolle]] = defaultdict(set)
        for org_id, codename in OrganisasjonRolle.objects.filter(user=bruker).values_list(
            "content_object_id", "permission__codename"
        ):
            if codename in koder:
                samlet[org_id].add(koder[codename])
        cached = {org_id: frozenset(r) for org_id, r in samlet.items()}
        bruker._imdinett_roller = cached
    return cached


def roller_med(navn: str) -> frozenset[Rolle]:
    """The roles that grant a permission (KeyError for a name that does not exist: a typo fails loudly)."""
    return TILLATELSER[navn].roller


def _org_id(organisasjon) -> int | None:
    return getattr(organisasjon, "pk", organisasjon)


def kan(bruker, navn: str, organisasjon=None) -> bool:
    """Whether the user holds the permission at `organisasjon` (an object or id), or anywhere when None."""
    roller = roller_med(navn)
    har = roller_for(bruker)
    if R.IMDI_SAKSBEHANDLER in roller and any(R.IMDI_SAKSBEHANDLER in r for r in har.values()):
        return True
    if organisasjon is None:
        return any(r & roller for r in har.values())
    return bool(har.get(_org_id(organisasjon), frozenset()) & roller)


def er_imdi(bruker) -> bool:
    """IMDi's caseworkers: the national authority (the admin, every organisation's pages)."""
    return kan(bruker, "admin.imdi")


def er_imdi_eller_superbruker(bruker) -> bool:
    """IMDi's workbench (the admin): IMDi's caseworkers and superusers, active. The one rule for «IMDi or a
    superuser»: the admin's hooks ask it, the services ask it through `krev_imdi`."""
    return bruker.is_active and (bruker.is_superuser or er_imdi(bruker))


def krev_imdi(bruker) -> None:
    """For the services only IMDi's caseworkers (and superusers) may call, from IMDi's workbench in the admin:
    refused with DomeneFeil otherwise."""
    if not er_imdi_eller_superbruker(bruker):
        raise DomeneFeil("Bare IMDi kan gjøre dette.")


def organisasjoner_med(bruker, navn: str) -> list[int]:
    """The user's own organisations where a role held there grants the permission, sorted (IMDi's national
    reach is not an organisation of its own: IMDi gets [] for the kommune and mottak permissions)."""
    roller = roller_med(navn) - {R.IMDI_SAKSBEHANDLER}
    return sorted(org_id for org_id, har in roller_for(bruker).items() if har & roller)


def organisasjonsside(navn: str, qs, kwarg: str, attributt: str):
    """Decorator for the pages of one organisation: the URL's `kwarg` (e.g. kommune_id) is resolved once,
    the view gets it as `request.<attributt>`; 404 when the user lacks `navn` there (missing and forbidden
    look the same)."""

    def dekorator(view):
        @wraps(view)
        def innpakket(request, *args, **kwargs):
            org_id = kwargs.pop(kwarg)
            if not kan(request.user, navn, org_id):
                raise Http404
            org = qs().filter(pk=org_id).first()
            if org is None:
                raise Http404
            setattr(request, attributt, org)
            return view(request, *args, **kwargs)

        innpakket.tillatelse = navn
        return innpakket

    return dekorator


def kommuneside(navn: str):
    return organisasjonsside(navn, Kommune.objects.all, "kommune_id", "kommune")


def mottaksside(navn: str):
    return organisasjonsside(
        navn,
        Mottak.objects.select_related("vertskommune", "postnummer", "besoksadresse_postnummer").all,
        "mottak_id",
        "mottak",
    )


def _regel(navn: str):
    @rules.predicate(name=navn)
    def regel(bruker, organisasjon):
        return kan(bruker, navn, organisasjon)

    return regel


# django-rules: `user.has_perm(navn, organisasjon)` and `{% has_perm %}` ask the same table.
for _navn in TILLATELSER:
    rules.add_perm(_navn, _regel(_navn))
