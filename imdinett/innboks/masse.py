"""Many messages at once (a first import of a whole country, a sender catching up): the same storing,
validation, idempotency and application as `services.ta_imot`, in batches of one transaction each.

Within a batch, «tillatelse_innvilget» for a household, persons and fødselsnummer all new (the first import)
is applied in bulk — a number of queries per batch that does not grow with its size (only with the mottak
notified); every other message (updates, moves, the rest) is applied one by one through `behandle`, in the
batch's transaction. Should another delivery insert one of the batch's ids meanwhile, the batch is rolled
back and its messages received one by one."""

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import IntegrityError, transaction
from django.utils import timezone

from imdinett.organisasjoner.models import Mottak
from imdinett.personer.models import Husstand, Person
from imdinett.personer.services import bosettingssaker_opprett

from .behandling import ny_person
from .meldinger import TillatelseInnvilget, valider
from .models import Innboksmelding, Innboksnokkel
from .services import Konflikt, behandle, krev_id, sjekksum, ta_imot, ventende_behandle_for

Status = Innboksmelding.Status
ALLEREDE = "allerede_mottatt"
KONFLIKT = "konflikt"


def _partier(meldinger: Iterable[dict], storrelse: int) -> Iterator[list[dict]]:
    it = iter(meldinger)
    while parti := list(islice(it, storrelse)):
        yield parti


def ta_imot_mange(
    *, kilde: str, meldinger: Iterable[dict], avsender: str, parti: int = 500, varsle: bool = True
) -> Counter:
    """Receive messages given as {"melding_id", "type", "data"}, `parti` to a transaction. Returns how many
    ended in each status, and how many were already received («allerede_mottatt») or came again with
    another body («konflikt»). `varsle=False`: the mottak get no notification of their new cases (a first
    import; they see them in the Oppgaveliste)."""
    resultat = Counter()
    for del_ in _partier(meldinger, parti):
        for m in del_:
            krev_id(kilde=kilde, melding_id=m["melding_id"], type=m["type"])
        try:
            resultat += _ett_parti(kilde, del_, avsender, varsle)
        except IntegrityError:
            resultat += _en_og_en(kilde, del_, avsender)
    return resultat


def _en_og_en(kilde: str, del_: list[dict], avsender: str) -> Counter:
    resultat = Counter()
    for m in del_:
        try:
            melding, ny = ta_imot(kilde=kilde, avsender=avsender, **m)
        except Konflikt:
            resultat[KONFLIKT] += 1
        else:
            resultat[melding.status if ny else ALLEREDE] += 1
    return resultat


@transaction.atomic
def _ett_parti(kilde: str, del_: list[dict], avsender: str, varsle: bool) -> Counter:
    resultat = Counter()
    unike: dict[str, tuple[dict, str]] = {}
    for m in del_:
        summen = sjekksum(m["type"], m["data"])
        if m["melding_id"] in unike:
            resultat[ALLEREDE if unike[m["melding_id"]][1] == summen else KONFLIKT] += 1
        else:
            unike[m["melding_id"]] = (m, summen)
    for melding_id, summen in Innboksmelding.objects.filter(kilde=kilde, melding_id__in=unike).values_list(
        "melding_id", "sjekksum"
    ):
        resultat[ALLEREDE if unike.pop(melding_id)[1] == summen else KONFLIKT] += 1
    naa = timezone.now()
    nye = []
    for melding_id, (m, summen) in unike.items():
        innhold, feil = valider(kilde, m["type"], m["data"])
        melding = Innboksmelding(
            kilde=kilde,
            melding_id=melding_id,
            type=m["type"],
            data=m["data"],
            sjekksum=summen,
            avsender=avsender[:100],
            status=Status.VENTER if innhold else Status.AVVIST,
            feil=feil,
        )
        if innhold is None:
            melding.forsok, melding.behandlet = 1, naa
        nye.append((melding, innhold))
    raske = _raske(nye)
    for melding, _, _ in raske:
        melding.status, melding.forsok, melding.behandlet = Status.BEHANDLET, 1, naa
    Innboksmelding.objects.bulk_create([m for m, _ in nye])
    Innboksnokkel.objects.bulk_create(
        [Innboksnokkel(melding=m, nokkel=n) for m, i in nye if i is not None for n in i.nokler()]
    )
    _opprett(raske, varsle)
    nokler = set()
    for melding, innhold in nye:
        if innhold is not None and melding.status == Status.VENTER:
            behandle(melding, nye_nokler=False)
        if melding.status == Status.BEHANDLET:
            nokler |= innhold.nokler()
    ventende_behandle_for(nokler)
    resultat.update(m.status for m, _ in nye)
    return resultat


def _raske(nye: list) -> list[tuple[Innboksmelding, TillatelseInnvilget, Mottak | None]]:
    """The permits that can be applied in bulk, with their mottak: household, persons and fødselsnummer all
    new and unique in the batch, the mottak known, no weeks to set."""
    kandidater = [
        (m, i)
        for m, i in nye
        if isinstance(i, TillatelseInnvilget) and i.forste_mulige_uke is None and i.siste_mulige_uke is None
    ]
    if not kandidater:
        return []
    reg_nr = {i.reg_nr for _, i in kandidater}
    duf = {p.duf_nummer for _, i in kandidater for p in i.personer}
    fnr = {p.fodselsnummer for _, i in kandidater for p in i.personer if p.fodselsnummer}
    brukt = {
        *Husstand.objects.filter(reg_nr__in=reg_nr).values_list("reg_nr", flat=True),
        *Person.objects.filter(duf_nummer__in=duf).values_list("duf_nummer", flat=True),
        *Person.objects.filter(fodselsnummer__in=fnr).values_list("fodselsnummer", flat=True),
    }
    mottak = Mottak.objects.in_bulk({i.mottak for _, i in kandidater if i.mottak}, field_name="udi_mot_id")
    raske = []
    for m, i in kandidater:
        nokler = {i.reg_nr, *(p.duf_nummer for p in i.personer), *(p.fodselsnummer for p in i.personer)} - {
            None
        }
        if not nokler & brukt and (i.mottak is None or i.mottak in mottak):
            raske.append((m, i, mottak.get(i.mottak)))
        brukt |= nokler
    return raske


def _opprett(raske: list[tuple[Innboksmelding, TillatelseInnvilget, Mottak | None]], varsle: bool) -> None:
    if not raske:
        return
    husstander = Husstand.objects.bulk_create([Husstand(reg_nr=i.reg_nr) for _, i, _ in raske])
    personer = [
        [ny_person(i, p, husstand, mottak) for p in i.personer]
        for (_, i, mottak), husstand in zip(raske, husstander, strict=True)
    ]
    Person.objects.bulk_create([p for h in personer for p in h], batch_size=2000)
    bosettingssaker_opprett(husstander=personer, av=None, varsle=varsle)
