from django.urls import reverse

from imdinett.hendelser.selectors import uleste_varsler_antall

from .roller import Omraade, Rolle
from .selectors import administrerte_organisasjoner, alle_roller, er_imdi, mangler_engangskode

AKTIV = {"mottak": "mottak", "kommune": "kommuner", "kompetanse": "kommuner", "personer": "personer"}
BRUKERADMINISTRASJON = {"brukeradministrasjon", "bruker_ny", "bruker"}


def _aktiv(request) -> str:
    """The global menu item the current page belongs to (marked aria-current)."""
    treff = request.resolver_match
    if treff is None:
        return ""
    if treff.namespace in AKTIV:
        return AKTIV[treff.namespace]
    return "brukeradministrasjon" if treff.url_name in BRUKERADMINISTRASJON else treff.url_name or ""


def meny(request):
    """The global menu by role, "Din bruker" and the unread count, for the page shell."""
    bruker = getattr(request, "user", None)
    if bruker is None or not bruker.is_authenticated:
        return {}
    if mangler_engangskode(request):  # only the code page: no menus, names or counts before the code
        return {"mangler_engangskode": True}
    roller = alle_roller(bruker)
    omraader = {r.omraade for r in roller}
    punkter = [("arbeidsflate", "Arbeidsflate", reverse("arbeidsflate"))]
    if Omraade.MOTTAK in omraader:
        punkter.append(("mottak", "Mottak", reverse("mottak:start")))
    punkter.append(("kommuner", "Kommuner", reverse("kommune:start")))
    if er_imdi(bruker) or Omraade.KOMMUNE in omraader:
        punkter.append(("personer", "Personer", reverse("personer:sok")))
    if administrerte_organisasjoner(bruker):
        punkter.append(("brukeradministrasjon", "Brukeradministrasjon", reverse("brukeradministrasjon")))
    return {
        "meny": punkter,
        "aktiv": _aktiv(request),
        "meny_admin": er_imdi(bruker) or bruker.is_superuser,
        "meny_bufetat": Rolle.BUFETAT_SAKSBEHANDLER in roller,
        "uleste_varsler": uleste_varsler_antall(bruker),
    }
