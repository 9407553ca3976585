from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Sum
from django.http import Http404

from imdinett.personer.models import Bosettingssak, uke_tekst

from .models import Innmelding

S = Innmelding.Status
AKTIVE = (S.VENTER, S.SAKSBEHANDLES)
GJELDENDE = (S.VENTER, S.SAKSBEHANDLES, S.BEHANDLET)  # capacity that still stands


def innmeldinger(kommune, *, aktive: bool, type: str = "", fra: date | None = None, til: date | None = None):
    qs = Innmelding.objects.filter(kommune=kommune).select_related(
        "person", "saksbehandler", "avsluttet_av", "kommune"
    )
    qs = qs.filter(status__in=AKTIVE) if aktive else qs.exclude(status__in=AKTIVE)
    if type:
        qs = qs.filter(type=type)
    if fra:
        qs = qs.filter(forventet_uke__gte=fra)
    if til:
        qs = qs.filter(forventet_uke__lte=til)
    return qs.order_by("-sendt")


def access_innmelding(kommune, innmelding_id: int) -> Innmelding:
    innmelding = (
        Innmelding.objects.filter(kommune=kommune, pk=innmelding_id).select_related("kommune").first()
    )
    if innmelding is None:
        raise Http404
    return innmelding


@dataclass
class Ukerad:
    uke: date
    plasser: int
    sokt_ut: int

    @property
    def tekst(self) -> str:
        return uke_tekst(self.uke)

    @property
    def ledige(self) -> int:
        return self.plasser - self.sokt_ut


def kapasitet(kommune, *, fra: date, uker: int = 12) -> list[Ukerad]:
    """Places per week from standing «Antall plasser» notices against persons søkt ut with that
    expected week (seed 004). Two queries whatever the number of weeks."""
    til = fra + timedelta(weeks=uker)
    plasser = dict(
        Innmelding.objects.filter(
            kommune=kommune,
            type=Innmelding.Type.ANTALL_PLASSER,
            status__in=GJELDENDE,
            forventet_uke__gte=fra,
            forventet_uke__lt=til,
        )
        .values_list("forventet_uke")
        .annotate(n=Sum("antall"))
    )
    sokt_ut = dict(
        Bosettingssak.objects.filter(
            kommune=kommune,
            status=Bosettingssak.Status.SOKT_UT,
            forventet_uke__gte=fra,
            forventet_uke__lt=til,
        )
        .values_list("forventet_uke")
        .annotate(n=Count("pk"))
    )
    uker_ = [fra + timedelta(weeks=i) for i in range(uker)]
    return [Ukerad(u, plasser.get(u, 0) or 0, sokt_ut.get(u, 0)) for u in uker_]
