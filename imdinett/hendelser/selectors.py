from django.db.models import Exists, OuterRef

from imdinett.organisasjoner.selectors import roller_for

from .models import Varsel, VarselLest


def varsler_for(bruker, *, bare_uleste: bool = False):
    """Notifications of every organisation where the user holds a role, newest first."""
    lest = VarselLest.objects.filter(varsel=OuterRef("pk"), bruker=bruker)
    qs = (
        Varsel.objects.filter(organisasjon_id__in=roller_for(bruker).keys())
        .select_related("organisasjon")
        .annotate(er_lest=Exists(lest))
    )
    return qs.filter(er_lest=False) if bare_uleste else qs


def uleste_varsler_antall(bruker) -> int:
    return varsler_for(bruker, bare_uleste=True).count()
