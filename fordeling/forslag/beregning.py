"""«Forslag til fordeling» as a background job (issue #21). IMDi orders a suggestion with a compact selection
(`forslag_bestill`); the worker computes it (`forslag_kjor`, task `fordeling.tasks.forslag_beregn`, in-process
under `make run`) and keeps the result in the database (`Forslagsberegning.resultat`), never in the session;
the result page polls until it is there. Drafts are made from it a page of kommuner at a time
(`forslag_lag_utkast`): a kommune's second draft from the same suggestion adds to its first.

The selection is filters, applied to the households and kommuner as they are when the worker starts: every
fordelingsklar household except those named (and those on a draft, unless asked), every kommune with free
places except those named (or every kommune with a vedtak, if asked)."""

import logging
from dataclasses import asdict
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from fordeling import services
from fordeling.models import Fordelingsliste, Forslagsberegning
from imdinett.organisasjoner.tilgang import krev_imdi

from . import modell as fs
from .inndata import Forslagsgrunnlag, forslag_grunnlag
from .losning import forslag_beregn

logger = logging.getLogger(__name__)

TIDSGRENSE = 60.0  # seconds for all the solver's steps together; the worker, not a request, waits for it
# A suggestion names households (Reg-nr, names, ages) and is a working paper: the drafts made from it are the
# record. It is kept for a month, then deleted by the nightly task (docs/beslutninger.md «Lagringstid»).
LAGRES = timedelta(days=30)
ALT = {  # the default selection: no one left out
    "unnta_husstander": [],
    "unnta_kommuner": [],
    "ta_med_utkast": False,
    "ta_med_fulle": False,
    "tillat_overskridelse": False,
    "tillat_uten_saerlig_bolig": False,
}


def forslag_bestill(*, utvalg: dict, av) -> Forslagsberegning:
    """Order a suggestion; the worker starts when the order is committed."""
    krev_imdi(av)
    beregning = Forslagsberegning.objects.create(bestilt_av=av, utvalg=utvalg)
    _koe(beregning)
    return beregning


def forslag_start_igjen(*, beregning: Forslagsberegning, av) -> None:
    """Queue again a suggestion that failed or still waits after a while (say the broker was down when it was
    ordered)."""
    krev_imdi(av)
    with transaction.atomic():
        beregning = Forslagsberegning.objects.select_for_update().get(pk=beregning.pk)
        if not beregning.kan_startes_igjen:
            return  # done, a worker has it, or it was just ordered
        beregning.status, beregning.feil = Forslagsberegning.Status.VENTER, ""
        beregning.save(update_fields=["status", "feil"])
    _koe(beregning)


def _koe(beregning: Forslagsberegning) -> None:
    from fordeling.tasks import forslag_beregn as oppgave

    # robust: a broker that is down leaves the order waiting, with «Start beregningen på nytt» on its page
    transaction.on_commit(lambda: oppgave.delay(beregning.pk), robust=True)


def forslag_kjor(beregning_id: int) -> None:
    """Compute an ordered suggestion and keep its result. Run twice (a redelivered task), the second finds it
    done or computes the same answer (the solver is deterministic) and the first to finish is kept."""
    with transaction.atomic():
        beregning = Forslagsberegning.objects.select_for_update().get(pk=beregning_id)
        if beregning.status == Forslagsberegning.Status.FERDIG:
            return
        beregning.status, beregning.startet = Forslagsberegning.Status.BEREGNER, timezone.now()
        beregning.save(update_fields=["status", "startet"])
    try:
        grunnlag = forslag_grunnlag()
        husstander, kommuner = utvalget(grunnlag, beregning.utvalg)
        resultat = forslag_beregn(
            husstander,
            kommuner,
            tillat_overskridelse=beregning.utvalg["tillat_overskridelse"],
            tillat_uten_saerlig_bolig=beregning.utvalg["tillat_uten_saerlig_bolig"],
            tidsgrense=TIDSGRENSE,
        )
        data = _resultat(resultat, grunnlag, husstander, kommuner, beregning.utvalg)
    except Exception as e:
        logger.exception("Forslagsberegning %s feilet", beregning_id)
        Forslagsberegning.objects.filter(pk=beregning_id).exclude(
            status=Forslagsberegning.Status.FERDIG
        ).update(status=Forslagsberegning.Status.FEILET, feil=f"{type(e).__name__}: {e}"[:2000])
        return
    with transaction.atomic():
        beregning = Forslagsberegning.objects.select_for_update().get(pk=beregning_id)
        if beregning.status == Forslagsberegning.Status.FERDIG:
            return
        beregning.status, beregning.ferdig, beregning.resultat = (
            Forslagsberegning.Status.FERDIG,
            timezone.now(),
            data,
        )
        beregning.save(update_fields=["status", "ferdig", "resultat"])


def resultatet(beregning: Forslagsberegning) -> dict:
    """A computed suggestion's stored result (2 MB of JSON at national volume), which never changes once
    computed: read from the cache, the database only the first time (the result page is read page by page)."""
    return cache.get_or_set(
        f"forslagsberegning:{beregning.pk}:{beregning.ferdig.isoformat()}",
        lambda: Forslagsberegning.objects.values_list("resultat", flat=True).get(pk=beregning.pk),
        timeout=3600,
    )


def utvalget(grunnlag: Forslagsgrunnlag, utvalg: dict) -> tuple[list[fs.Husstand], list[fs.Kommune]]:
    """The households and kommuner the selection's filters give on this input."""
    unnta_h, unnta_k = set(utvalg["unnta_husstander"]), set(utvalg["unnta_kommuner"])
    husstander = [
        h
        for h in grunnlag.husstander
        if h.id not in unnta_h and (utvalg["ta_med_utkast"] or not grunnlag.husstandsvisning[h.id].utkast)
    ]
    kommuner = [
        k
        for k in grunnlag.kommuner
        if k.id not in unnta_k and (utvalg["ta_med_fulle"] or sum(grunnlag.kommunevisning[k.id].ledige))
    ]
    return husstander, kommuner


def _resultat(resultat: fs.Forslag, grunnlag: Forslagsgrunnlag, husstander, kommuner, utvalg: dict) -> dict:
    """What the result page needs, as JSON: the suggestion and how to show its households and kommuner."""
    visning = {}
    for h in husstander:
        v = asdict(grunnlag.husstandsvisning[h.id])
        v["fordelingsklar_fra"] = f"{v['fordelingsklar_fra']:%d.%m.%Y}" if v["fordelingsklar_fra"] else ""
        visning[str(h.id)] = {**v, "behov": list(h.behov), "bindende_kommune": h.bindende_kommune}
    return {
        "beregnet": f"{timezone.localtime():%d.%m.%Y kl. %H:%M}",
        "forslag": fs.forslag_til_dict(resultat),
        "husstander": visning,
        "kommuner": {
            str(k.id): {
                **asdict(grunnlag.kommunevisning[k.id]),
                "ledige": list(grunnlag.kommunevisning[k.id].ledige),
            }
            for k in kommuner
        },
        "tillat_overskridelse": utvalg["tillat_overskridelse"],
        "tillat_uten_saerlig_bolig": utvalg["tillat_uten_saerlig_bolig"],
    }


def forslag_lag_utkast(
    *, beregning: Forslagsberegning, fordeling: dict[int, dict[int, int | None]], av
) -> list[Fordelingsliste]:
    """Drafts from a page of the suggestion (`fordeling.services.forslag_lag_utkast`), noted on it: a kommune
    that already has a draft from this suggestion gets the households added to that draft."""
    with transaction.atomic():
        beregning = Forslagsberegning.objects.select_for_update().get(pk=beregning.pk)
        lister = services.forslag_lag_utkast(
            fordeling=fordeling, av=av, utkast={int(k): v for k, v in beregning.utkast.items()}
        )
        beregning.utkast.update({str(li.kommune_id): li.pk for li in lister})
        beregning.save(update_fields=["utkast"])
    return lister


def forslag_rydd(*, naa=None) -> int:
    """Delete the suggestions ordered more than `LAGRES` ago; the drafts made from them stay."""
    grense = (naa or timezone.now()) - LAGRES
    return Forslagsberegning.objects.filter(bestilt__lt=grense).delete()[0]
