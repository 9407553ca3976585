"""The kommune's demo data (utvikling.demo orchestrates): anmodninger and vedtak, for the demo kommuner and,
in bulk, for every kommune at national volume."""

import random
from datetime import date, timedelta

from django.utils import timezone

from imdinett.organisasjoner.models import Bruker, Kommune

from . import services as anmodning_services
from .models import Anmodning, AnmodningTall, Kategori, Vedtak, VedtakTall


def anmodninger(sortland: Kommune, tromso: Kommune, imdi: Bruker, paa) -> None:
    """This year's anmodning, sent in January: Sortland's vedtak confirmed, Tromsø's awaiting IMDi; next year's
    request to Sortland sent six weeks ago and unanswered; a tilleggsanmodning for this year to Tromsø, sent
    last week and unanswered. `paa(dager_siden)` runs each step at its day."""
    aar = timezone.localdate().year
    dager_siden_januar = max(45, (timezone.localdate() - date(aar, 1, 12)).days)
    for k, tall, svar, bruker in [
        (
            sortland,
            {"voksne": 30, "em_15_18": 5, "em_under_15": 2},
            {"voksne": (25, "Begrenset tilgang på familieboliger")},
            "kommune",
        ),
        (tromso, {"voksne": 60, "em_15_18": 10, "em_under_15": 4}, {}, "tromso"),
    ]:
        with paa(dager_siden_januar):
            a = anmodning_services.anmodning_opprett(
                kommuner=[k],
                aar=[aar],
                tall=tall,
                svarfrist=timezone.localdate() + timedelta(days=30),
                av=imdi,
            )[0]
            anmodning_services.anmodning_send(anmodning=a, av=imdi)
        with paa(dager_siden_januar - 25 if k == sortland else max(5, dager_siden_januar - 320)):
            vedtak = {kat: svar.get(kat, (antall, "")) for kat, antall in tall.items()}
            anmodning_services.vedtak_send(
                anmodning=a, aar=aar, tall=vedtak, av=Bruker.objects.get(username=bruker)
            )
        if k == sortland:
            with paa(dager_siden_januar - 31):
                anmodning_services.anmodning_bekreft(anmodning=a, av=imdi)
    for kommune, dager, tilleggsanmodning, aar_, tall in [
        (sortland, 42, False, aar + 1, {"voksne": 30, "em_15_18": 6, "em_under_15": 2}),
        (tromso, 6, True, aar, {"voksne": 15, "em_15_18": 3, "em_under_15": 0}),
    ]:
        with paa(dager):
            a = anmodning_services.anmodning_opprett(
                kommuner=[kommune],
                aar=[aar_],
                tall=tall,
                svarfrist=timezone.localdate() + timedelta(days=dager + 21),
                tilleggsanmodning=tilleggsanmodning,
                av=imdi,
            )[0]
            anmodning_services.anmodning_send(anmodning=a, av=imdi)


def nasjonale_anmodninger(kommuner: list[Kommune], rnd: random.Random, naa) -> None:
    """This year's anmodning to every kommune, each answered with a confirmed vedtak."""
    aar = timezone.localdate(naa).year
    anmodninger = Anmodning.objects.bulk_create(
        [
            Anmodning(
                kommune=k, status=Anmodning.Status.BEKREFTET, svarfrist=date(aar, 1, 31), sendt=naa, svart=naa
            )
            for k in kommuner
        ]
    )
    tall, vedtak_tall = [], []
    vedtak = Vedtak.objects.bulk_create(
        [Vedtak(anmodning=a, aar=aar, status=Vedtak.Status.BEKREFTET) for a in anmodninger]
    )
    for a, v in zip(anmodninger, vedtak, strict=True):
        for kategori, maks in [(Kategori.VOKSNE, 120), (Kategori.EM_15_18, 12), (Kategori.EM_UNDER_15, 4)]:
            antall = rnd.randint(0, maks)
            tall.append(AnmodningTall(anmodning=a, aar=aar, kategori=kategori, antall=antall))
            vedtak_tall.append(
                VedtakTall(vedtak=v, kategori=kategori, antall=rnd.randint(antall // 2, antall))
            )
    AnmodningTall.objects.bulk_create(tall)
    VedtakTall.objects.bulk_create(vedtak_tall)
