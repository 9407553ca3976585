from django.db import connection
from django.db.models import Exists, OuterRef

from imdinett.organisasjoner.selectors import roller_for

from .models import Hendelse, Omraade, Varsel, VarselLest


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
    """The unread count in every page's header: `varsler_for(bare_uleste=True)` counted. Plain SQL: it runs
    on every page for every user, and building the ORM's COUNT over an EXISTS took five times the
    database's own time (`make bench`, issue #10)."""
    organisasjoner = list(roller_for(bruker))
    if not organisasjoner:
        return 0
    sql = (
        f"SELECT COUNT(*) FROM {Varsel._meta.db_table} v "  # noqa: S608 -- table names from the models
        f"WHERE v.organisasjon_id IN ({', '.join(['%s'] * len(organisasjoner))}) AND NOT EXISTS "
        f"(SELECT 1 FROM {VarselLest._meta.db_table} l WHERE l.varsel_id = v.id AND l.bruker_id = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*organisasjoner, bruker.pk])
        return cursor.fetchone()[0]


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
