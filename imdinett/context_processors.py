"""The page shell's context: the menus of every app (the registry in imdinett/organisasjoner/navigasjon.py) and
the unread notifications (imdinett/hendelser), so it sits above both."""

from imdinett.hendelser.selectors import ULESTE_VIST, uleste_varsler_antall
from imdinett.organisasjoner.models import Kommune
from imdinett.organisasjoner.navigasjon import grupper, menysider, punkter
from imdinett.organisasjoner.roller import Omraade
from imdinett.organisasjoner.selectors import mangler_engangskode, roller_for
from imdinett.organisasjoner.tilgang import er_imdi


def _egen_kommune(bruker) -> Kommune | None:
    """The first kommune where the user holds a role (the left menu of the kommune menu's national pages)."""
    egne = sorted(
        o for o, har in roller_for(bruker).items() if any(r.omraade == Omraade.KOMMUNE for r in har)
    )
    return Kommune.objects.filter(pk=egne[0]).first() if egne else None


def _venstremeny(request) -> dict | None:
    """The left menu of the organisation the page belongs to: `request.mottak` / `request.kommune` (set by
    `tilgang.mottaksside` / `kommuneside`), or the user's own kommune on the kommune menu's national pages."""
    if (mottak := getattr(request, "mottak", None)) is not None:
        return {
            "etikett": "Mottak",
            "tittel": mottak.navn,
            "undertittel": f"{mottak.vertskommune.navn} kommune",
            "organisasjon": mottak,
            "grupper": grupper(punkter(request, "mottak", mottak.pk)),
        }
    kommune = getattr(request, "kommune", None)
    treff = request.resolver_match
    if kommune is None and treff is not None and treff.view_name in menysider("kommune"):
        kommune = _egen_kommune(request.user)
    if kommune is None:
        return None
    return {
        "etikett": "Kommune",
        "tittel": f"{kommune.navn} kommune",
        "undertittel": "",
        "organisasjon": kommune,
        "grupper": grupper(punkter(request, "kommune", kommune.pk)),
    }


def _uleste(antall: int) -> str:
    return f"{ULESTE_VIST}+" if antall > ULESTE_VIST else str(antall or "")


def meny(request):
    """The global menu and the page's left menu from the registry (imdinett/organisasjoner/navigasjon.py), «Din
    bruker» and the unread count, for the page shell."""
    bruker = getattr(request, "user", None)
    if bruker is None or not bruker.is_authenticated:
        return {}
    if mangler_engangskode(request):  # only the code page: no menus, names or counts before the code
        return {"mangler_engangskode": True}
    return {
        "meny": punkter(request, "hoved"),
        "meny_superbruker": bruker.is_superuser and not er_imdi(bruker),
        "venstremeny": _venstremeny(request),
        "uleste_varsler": _uleste(uleste_varsler_antall(bruker)),
    }
