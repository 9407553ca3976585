"""A first import of a whole country through the inbox: the national synthetic households (utvikling.nasjonal's
mix, utvikling.identiteter's persons) as UDI «tillatelse innvilget» messages, received by `ta_imot_mange` in
batches, the way the integration receives them. `landsimport` is what `make bench` measures (`rull_tilbake`) and
the command `innboks_import` runs. Run again with the same seed the same day (the ages are reckoned from today),
every message is already received and nothing changes."""

import time

from django.core.management.base import CommandError
from django.db import transaction

from imdinett.innboks.masse import ta_imot_mange
from imdinett.innboks.meldinger import Kilde, Meldingstype
from imdinett.organisasjoner.models import Mottak
from imdinett.personer.models import Person

from .identiteter import NAVN, Generator, husstand_plan
from .nasjonal import NASJONAL_SLAG, vektet


def tillatelser(antall_personer: int, seed: int, mottak: list[str]) -> list[dict]:
    """UDI's messages for about `antall_personer` persons in households, each at one of `mottak` (MottaksID).
    The same for the same seed; a fødselsnummer another person already has here is left out."""
    gen = Generator(seed=seed, duf_start=600_000)
    brukt = dict(Person.objects.exclude(fodselsnummer=None).values_list("fodselsnummer", "duf_nummer"))
    meldinger, personer = [], 0
    while personer < antall_personer:
        plan = husstand_plan(gen, vektet(gen.rnd, NASJONAL_SLAG), gen.rnd.choice(list(NAVN)))
        personer += len(plan)
        meldinger.append(
            {
                "melding_id": f"landsimport-{seed}-{len(meldinger) + 1}",
                "type": Meldingstype.TILLATELSE_INNVILGET,
                "data": {
                    "reg_nr": gen.reg_nr(),
                    "beskyttelse": plan[0]["beskyttelse"],
                    "sakstype": Person.Sakstype.MOTTAKSBEBOER,
                    "mottak": gen.rnd.choice(mottak),
                    "personer": [_person(gen.duf(2023), p, brukt) for p in plan],
                },
            }
        )
    return meldinger


def _person(duf: str, p: dict, brukt: dict[str, str]) -> dict:
    if brukt.get(p["fodselsnummer"], duf) != duf:
        p = {**p, "fodselsnummer": None}
    utelatt = ("beskyttelse", "fodselsdato")  # the household's, and a date as text
    return {
        "duf_nummer": duf,
        **{k: v for k, v in p.items() if k not in utelatt and v},
        "fodselsdato": str(p["fodselsdato"]),
    }


def landsimport(
    *,
    antall_personer: int = 40_000,
    seed: int = 2023,
    parti: int = 500,
    varsle: bool = False,
    rull_tilbake: bool = False,
) -> dict:
    """Generate the messages, then receive them, timed; persons per second and the outcome. `rull_tilbake`:
    all in one transaction rolled back at the end (each batch a savepoint), so a kept database (make bench)
    is as before and the next run measures the same import."""
    mottak = list(Mottak.objects.order_by("udi_mot_id").values_list("udi_mot_id", flat=True))
    if not mottak:
        raise CommandError("Ingen mottak: kjør seed_demo først.")
    meldinger = tillatelser(antall_personer, seed, mottak)
    personer = sum(len(m["data"]["personer"]) for m in meldinger)
    with transaction.atomic():
        start = time.perf_counter()
        resultat = ta_imot_mange(
            kilde=Kilde.UDI, meldinger=meldinger, avsender="landsimport", parti=parti, varsle=varsle
        )
        sekunder = time.perf_counter() - start
        transaction.set_rollback(rull_tilbake)
    return {
        "meldinger": len(meldinger),
        "personer": personer,
        "sekunder": round(sekunder, 2),
        "personer_per_sekund": round(personer / sekunder, 1),
        "resultat": dict(resultat),
    }
