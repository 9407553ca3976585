from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from imdinett.organisasjoner.selectors import roller_for
from imdinett.organisasjoner.tilgang import TILLATELSER, kan

from .models import Driftsmelding, Hendelse, Omraade, Varsel, VarselLest


def _tillatelser_per_organisasjon(bruker) -> dict[int, list[str]]:
    """{organisasjon id: the permissions the user's roles there grant}: a Varsel with `tillatelse` is shown
    where the user holds it, one without to every user of the organisation."""
    return {
        org_id: sorted(t.navn for t in TILLATELSER.values() if t.roller & roller)
        for org_id, roller in roller_for(bruker).items()
    }


def _synlige_varsler(bruker) -> Q:
    q = Q(pk__in=[])
    for org_id, tillatelser in _tillatelser_per_organisasjon(bruker).items():
        q |= Q(organisasjon_id=org_id) & (Q(tillatelse="") | Q(tillatelse__in=tillatelser))
    return q


def varsler_for(bruker, *, bare_uleste: bool = False):
    """Notifications of every organisation where the user holds a role (those narrowed to a permission only
    where the user holds it), newest first."""
    lest = VarselLest.objects.filter(varsel=OuterRef("pk"), bruker=bruker)
    qs = (
        Varsel.objects.filter(_synlige_varsler(bruker))
        .select_related("organisasjon")
        .annotate(er_lest=Exists(lest))
    )
    return qs.filter(er_lest=False) if bare_uleste else qs


ULESTE_VIST = 99


def uleste_varsler_antall(bruker) -> int:
    """The unread count in every page's header: `varsler_for(bare_uleste=True)` counted, but at most
    ULESTE_VIST + 1 (the header says «99+»), so the work per page stays bounded however many are unread:
    the organisation's newest first through its index, each checked once against the user's reads."""
    lest = VarselLest.objects.filter(varsel=OuterRef("pk"), bruker=bruker)
    uleste = Varsel.objects.filter(_synlige_varsler(bruker)).filter(~Exists(lest))
    return uleste.order_by()[: ULESTE_VIST + 1].count()


def filtrer(hendelser, *, omraade: str = "", type: str = ""):
    """Hendelser by saksområde (alle or one) and by type (seed 002), unknown values ignored."""
    if omraade in Omraade.values:
        hendelser = hendelser.filter(omraade=omraade)
    if type in Hendelse.Type.values:
        hendelser = hendelser.filter(type=type)
    return hendelser


def hendelser_for_organisasjon(organisasjon):
    return Hendelse.objects.filter(organisasjon=organisasjon).select_related(
        "utfort_av", "utfort_av__organisasjon"
    )


def driftsmeldinger_gjeldende():
    """IMDi's service messages valid now (one query), warnings first, newest first."""
    naa = timezone.now()
    gyldig = Q(gyldig_fra__lte=naa) & (Q(gyldig_til__isnull=True) | Q(gyldig_til__gt=naa))
    # «advarsel» sorts before «info»
    return Driftsmelding.objects.filter(gyldig).order_by("alvorlighet", "-gyldig_fra", "-id")


def ser_bosettingsmerknad_advarsel(bruker) -> bool:
    """The warning not to write sensitive information in the bosettingsmerknad (seed 001, the mottak's
    arbeidsflate) concerns only those who write it: the mottak's interview roles."""
    return kan(bruker, "mottak.samtale")
