"""The kommune's demo data (utvikling.demo orchestrates): anmodninger and vedtak, for the demo kommuner and,
in bulk, for every kommune at national volume."""

import random
from datetime import date, timedelta

from django.utils import timezone

from imdinett.organisasjoner.models import Bruker, Kommune

from . import services as anmodning_services
from .models import Anmodning, AnmodningTall, Kategori, Vedtak, VedtakTall


def anmodninger(sortland: Kommune, tromso: Kommune, imdi: Bruker, idag: date) -> None:
    """This year's vedtak confirmed for Sortland and awaiting IMDi for Tromsø; next year's request
    to Sortland unanswered."""
    kommune = Bruker.objects.get(username="kommune")
    aar = idag.year
    for k, tall, svar, bekreft in [
        (
            sortland,
            {"voksne": 30, "em_15_18": 5, "em_under_15": 2},
            {"voksne": (25, "Begrenset tilgang på familieboliger")},
            True,
        ),
        (tromso, {"voksne": 60, "em_15_18": 10, "em_under_15": 4}, {}, False),
    ]:
        a = anmodning_services.anmodning_opprett(
            kommuner=[k], aar=[aar], tall=tall, svarfrist=idag - timedelta(days=200), av=imdi
        )[0]
        anmodning_services.anmodning_send(anmodning=a, av=imdi)
        bruker = kommune if k == sortland else Bruker.objects.get(username="tromso")
        vedtak = {kat: svar.get(kat, (antall, "")) for kat, antall in tall.items()}
        anmodning_services.vedtak_send(anmodning=a, aar=aar, tall=vedtak, av=bruker)
        if bekreft:
            anmodning_services.anmodning_bekreft(anmodning=a, av=imdi)
    neste = anmodning_services.anmodning_opprett(
        kommuner=[sortland],
        aar=[aar + 1],
        tall={"voksne": 30, "em_15_18": 6, "em_under_15": 2},
        svarfrist=idag + timedelta(days=20),
        av=imdi,
    )[0]
    anmodning_services.anmodning_send(anmodning=neste, av=imdi)


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
