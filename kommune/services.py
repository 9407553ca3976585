"""Anmodning og vedtak: IMDi sends, the kommune answers with its vedtak, IMDi confirms, comments or
returns. Every step is one transaction, records a Hendelse on the kommune and notifies the other side."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from imdinett.dokumenter.services import dokument_lagre
from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Omraade, Paaminnelse
from imdinett.hendelser.services import epost_legg_i_utboks, hendelse_registrer, varsel_send, varsel_send_imdi
from imdinett.organisasjoner.tilgang import kan, krev_imdi

from .models import Anmodning, AnmodningTall, Kategori, SvarfristEndring, Vedtak, VedtakTall
from .selectors import aar_i, aktive_vedtak, plasser_for

Anmodningsstatus = Anmodning.Status
PAAMINNELSE_DAGER_FOER = 7


def _laas(anmodning: Anmodning) -> Anmodning:
    return Anmodning.objects.select_for_update().select_related("kommune").get(pk=anmodning.pk)


def _logg(
    anmodning: Anmodning, *, kode: str, tittel: str, tekst: str = "", av=None, data: dict | None = None
) -> None:
    hendelse_registrer(
        omraade=Omraade.ANMODNING,
        kode=kode,
        tittel=tittel,
        tekst=tekst,
        av=av,
        organisasjon=anmodning.kommune,
        data={"anmodning": anmodning.pk, **(data or {})},
    )


def _varsle_kommune(anmodning: Anmodning, tittel: str, tekst: str = "") -> None:
    varsel_send(
        organisasjon=anmodning.kommune,
        tittel=tittel,
        tekst=tekst,
        lenke=f"/kommuner/{anmodning.kommune_id}/anmodninger/{anmodning.pk}/",
    )


def _varsle_imdi(anmodning: Anmodning, tittel: str, tekst: str = "") -> None:
    varsel_send_imdi(tittel=tittel, tekst=tekst, lenke=f"/admin/kommune/anmodning/{anmodning.pk}/change/")


def _krev_skriv(av, anmodning: Anmodning) -> None:
    if not kan(av, "anmodning.svar", anmodning.kommune_id):
        raise DomeneFeil("Du har ikke tilgang til å besvare anmodninger for kommunen.")


@transaction.atomic
def anmodning_opprett(
    *, kommuner, aar: list[int], tall: dict[str, int], svarfrist: date, tilleggsanmodning: bool = False, av
) -> list[Anmodning]:
    """Draft anmodninger (one per kommune) with the same numbers per category for each year."""
    krev_imdi(av)
    if not aar:
        raise DomeneFeil("Velg minst ett år.", felt="aar")
    if any(v < 0 for v in tall.values()):
        raise DomeneFeil("Antall kan ikke være negativt.")
    ut = []
    for kommune in kommuner:
        anmodning = Anmodning.objects.create(
            kommune=kommune, svarfrist=svarfrist, tilleggsanmodning=tilleggsanmodning, opprettet_av=av
        )
        AnmodningTall.objects.bulk_create(
            [
                AnmodningTall(anmodning=anmodning, aar=a, kategori=k, antall=tall.get(k, 0))
                for a in aar
                for k in Kategori.values
            ]
        )
        ut.append(anmodning)
    return ut


@transaction.atomic
def anmodning_send(*, anmodning: Anmodning, av) -> Anmodning:
    """Send a draft: the kommune gets a Varsel, the «Anmodningsbrev» PDF among its documents and, by e-mail
    to its postmottak, the same PDF (`_brev_epost`)."""
    krev_imdi(av)
    anmodning = _laas(anmodning)
    if not anmodning.er_utkast:
        raise DomeneFeil("Anmodningen er allerede sendt.")
    tall = list(anmodning.tall.order_by("aar", "kategori"))
    if not tall:
        raise DomeneFeil("Anmodningen har ingen tall.")
    anmodning.status = Anmodningsstatus.IKKE_SVART
    anmodning.sendt = timezone.now()
    anmodning.save(update_fields=["status", "sendt"])
    aar = sorted({t.aar for t in tall})
    periode = str(aar[0]) if len(aar) == 1 else f"{aar[0]}–{aar[-1]}"
    navn = "Tilleggsanmodning" if anmodning.tilleggsanmodning else "Anmodning"
    k = anmodning.kommune
    anmodning.brev = dokument_lagre(
        tittel=f"{navn} om bosetting av flyktninger {periode} – {k.navn} kommune",
        type="anmodningsbrev",
        template="kommune/anmodningsbrev.html",
        context={
            "anmodning": anmodning,
            "kommune": k,
            "periode": periode,
            "rader": [(a, [(Kategori(t.kategori).label, t.antall) for t in tall if t.aar == a]) for a in aar],
            "mottaker": f"{k.navn} kommune\n{k.postadresse}\n{k.postnummer or ''}".strip(),
        },
        organisasjon=k,
        tillatelse="anmodning.les",  # no personal data: read where the anmodning is read
        av=av,
    )
    anmodning.save(update_fields=["brev"])
    _logg(
        anmodning,
        kode="anmodning.sendt",
        tittel=f"{navn} {periode} sendt, svarfrist {anmodning.svarfrist:%d.%m.%Y}",
        av=av,
    )
    _brev_epost(anmodning, av=av)
    _varsle_kommune(
        anmodning, f"Ny {navn.lower()} om bosetting {periode}", f"Svarfrist {anmodning.svarfrist:%d.%m.%Y}."
    )
    return anmodning


_UTEN_EPOST = "kommunen har ingen e-postadresse"


def _brev_epost(anmodning: Anmodning, *, av) -> None:
    """The «Anmodningsbrev» to the kommune's postmottak (seed 002, «Brev fra IMDi utenfor IMDinett»): an
    e-mail in the outbox with the stored PDF attached, sent after the commit, and an event. Without an
    e-mail address none is written: the letter stays a download, and the admin names the kommune
    (`Anmodning.brev_uten_epost`)."""
    k, brev = anmodning.kommune, anmodning.brev
    anmodning.brev_epost = epost_legg_i_utboks(
        til=[k.epost],
        emne=brev.tittel,
        tekst=(
            f"Vedlagt følger brevet «{brev.tittel}» fra Integrerings- og mangfoldsdirektoratet (IMDi). "
            f"Svarfrist: {anmodning.svarfrist:%d.%m.%Y}.\n\n"
            "Kommunen må sende vedtaket til IMDis postmottak, og må også registrere vedtaket i IMDinett "
            "under Kommuner → Anmodning og vedtak.\n\n"
            "Med vennlig hilsen\nIntegrerings- og mangfoldsdirektoratet"
        ),
        vedlegg=brev.fil.name,
    )
    if anmodning.brev_epost is None:
        _logg(
            anmodning,
            kode="anmodning.brev_uten_epost",
            tittel=f"Anmodningsbrevet ble ikke sendt på e-post: {_UTEN_EPOST}",
            tekst="Brevet ligger i IMDinett til nedlasting.",
            av=av,
            data={"dokument": brev.pk},
        )
        return
    anmodning.save(update_fields=["brev_epost"])
    _logg(
        anmodning,
        kode="anmodning.brev_epost",
        tittel=f"Anmodningsbrevet sendes på e-post til {k.epost}",
        av=av,
        data={"dokument": brev.pk, "epost": anmodning.brev_epost.pk},
    )


@transaction.atomic
def anmodningsbrev_epost(*, anmodning: Anmodning, av) -> Anmodning:
    """IMDi's «Send anmodningsbrevet på e-post»: the letter of a sent anmodning that could not be e-mailed
    (the kommune had no address), once the address is registered. Never a second e-mail for one letter."""
    krev_imdi(av)
    anmodning = _laas(anmodning)
    if not anmodning.brev_uten_epost:
        raise DomeneFeil(
            "Anmodningsbrevet er allerede sendt på e-post."
            if anmodning.brev_epost_id
            else "Anmodningen er ikke sendt ennå."
        )
    if not anmodning.kommune.epost:
        raise DomeneFeil(
            f"Anmodningsbrevet kan ikke sendes på e-post: {_UTEN_EPOST}. Registrer den under Kommuner."
        )
    _brev_epost(anmodning, av=av)
    return anmodning


@transaction.atomic
def anmodning_aapne(*, anmodning: Anmodning, av) -> None:
    """The kommune opened it: it shows under «Anmodninger under arbeid» until answered."""
    if (
        anmodning.venter_paa_svar
        and anmodning.aapnet is None
        and kan(av, "anmodning.svar", anmodning.kommune_id)
    ):
        Anmodning.objects.filter(pk=anmodning.pk, aapnet__isnull=True).update(aapnet=timezone.now())


def _allerede_sendt(aar: int) -> str:
    return f"Vedtaket er allerede sendt: kommunen har sendt vedtak for {aar} på denne anmodningen."


@transaction.atomic
def vedtak_send(*, anmodning: Anmodning, aar: int, tall: dict[str, tuple[int, str]], av) -> Vedtak:
    """Register and send the kommune's vedtak for one year. A number lower than requested needs a
    reason. The anmodning row is locked and the database allows one vedtak in force per anmodning and
    year, so two caseworkers sending at once produce one vedtak."""
    anmodning = _laas(anmodning)
    _krev_skriv(av, anmodning)
    # Asked first: the one who comes second (a double click, two caseworkers) learns why, not a status.
    if aar in aktive_vedtak(anmodning):
        raise DomeneFeil(_allerede_sendt(aar))
    if not anmodning.kan_besvares:
        raise DomeneFeil(f"Anmodningen har status «{anmodning.get_status_display()}» og kan ikke besvares.")
    if aar not in aar_i(anmodning):
        raise DomeneFeil("Anmodningen gjelder ikke dette året.", felt="aar")
    for rad in plasser_for(anmodning, aar):
        antall, begrunnelse = tall.get(rad.kategori, (0, ""))
        if antall < 0:
            raise DomeneFeil("Antall kan ikke være negativt.", felt=rad.kategori)
        if antall < rad.anmodet and not begrunnelse.strip():
            raise DomeneFeil(
                f"{rad.navn}: kommunen vedtar færre plasser enn IMDi anmoder om. Skriv en begrunnelse.",
                felt=rad.kategori,
            )
    try:
        with transaction.atomic():
            vedtak = Vedtak.objects.create(anmodning=anmodning, aar=aar, sendt_av=av)
    except IntegrityError:
        raise DomeneFeil(_allerede_sendt(aar)) from None
    VedtakTall.objects.bulk_create(
        [VedtakTall(vedtak=vedtak, kategori=k, antall=a, begrunnelse=b.strip()) for k, (a, b) in tall.items()]
    )
    if set(aar_i(anmodning)) <= set(aktive_vedtak(anmodning)) | {aar}:
        anmodning.status = Anmodningsstatus.SVART
        anmodning.svart = timezone.now()
        anmodning.save(update_fields=["status", "svart"])
    sammendrag = ", ".join(f"{Kategori(k).label}: {a}" for k, (a, _) in tall.items())
    _logg(anmodning, kode="vedtak.sendt", tittel=f"Vedtak for {aar} sendt til IMDi", tekst=sammendrag, av=av)
    _varsle_imdi(anmodning, f"{anmodning.kommune.navn} har svart på anmodningen for {aar}", sammendrag)
    return vedtak


def _imdi_svar(
    anmodning, *, status: str | None, vedtaksstatus: str | None, kommentar: str, kode: str, tittel: str, av
):
    krev_imdi(av)
    anmodning = _laas(anmodning)
    if anmodning.status not in (Anmodningsstatus.SVART, Anmodningsstatus.BEKREFTET):
        raise DomeneFeil("Anmodningen er ikke besvart av kommunen.")
    if status:
        anmodning.status = status
    if kommentar.strip():
        anmodning.imdi_kommentar = kommentar.strip()
    anmodning.save(update_fields=["status", "imdi_kommentar"])
    if vedtaksstatus:
        anmodning.vedtak.exclude(status=Vedtak.Status.RETURNERT).update(status=vedtaksstatus)
    _logg(anmodning, kode=kode, tittel=tittel, tekst=kommentar, av=av)
    _varsle_kommune(anmodning, tittel, kommentar)
    return anmodning


@transaction.atomic
def anmodning_bekreft(*, anmodning: Anmodning, kommentar: str = "", av) -> Anmodning:
    return _imdi_svar(
        anmodning,
        status=Anmodningsstatus.BEKREFTET,
        vedtaksstatus=Vedtak.Status.BEKREFTET,
        kommentar=kommentar,
        kode="anmodning.bekreftet",
        tittel="IMDi har bekreftet kommunens vedtak",
        av=av,
    )


@transaction.atomic
def anmodning_kommenter(*, anmodning: Anmodning, kommentar: str, av) -> Anmodning:
    if not kommentar.strip():
        raise DomeneFeil("Skriv en kommentar.", felt="kommentar")
    return _imdi_svar(
        anmodning,
        status=None,
        vedtaksstatus=None,
        kommentar=kommentar,
        kode="anmodning.kommentert",
        tittel="IMDi har kommentert kommunens svar",
        av=av,
    )


@transaction.atomic
def anmodning_returner(*, anmodning: Anmodning, melding: str, av) -> Anmodning:
    """Return the answer: the vedtak no longer count, and the kommune answers again."""
    if not melding.strip():
        raise DomeneFeil("Skriv en melding til kommunen om hvorfor svaret returneres.", felt="melding")
    return _imdi_svar(
        anmodning,
        status=Anmodningsstatus.RETURNERT,
        vedtaksstatus=Vedtak.Status.RETURNERT,
        kommentar=melding,
        kode="anmodning.returnert",
        tittel="IMDi har returnert kommunens svar",
        av=av,
    )


@transaction.atomic
def svarfrist_endre(*, anmodning: Anmodning, ny: date, begrunnelse: str, av) -> Anmodning:
    anmodning = _laas(anmodning)
    _krev_skriv(av, anmodning)
    if not anmodning.venter_paa_svar:
        raise DomeneFeil("Svarfristen kan bare endres før anmodningen er besvart.")
    if not begrunnelse.strip():
        raise DomeneFeil("Begrunn hvorfor svarfristen endres.", felt="begrunnelse")
    if ny < timezone.localdate():
        raise DomeneFeil("Ny svarfrist kan ikke være tilbake i tid.", felt="svarfrist")
    if ny == anmodning.svarfrist:
        raise DomeneFeil(f"Svarfristen er allerede {ny:%d.%m.%Y}. Velg en annen dato.", felt="svarfrist")
    SvarfristEndring.objects.create(
        anmodning=anmodning, fra=anmodning.svarfrist, til=ny, begrunnelse=begrunnelse.strip(), endret_av=av
    )
    tittel = f"Svarfrist endret fra {anmodning.svarfrist:%d.%m.%Y} til {ny:%d.%m.%Y}"
    anmodning.svarfrist = ny
    anmodning.save(update_fields=["svarfrist"])
    _logg(anmodning, kode="anmodning.svarfrist", tittel=tittel, tekst=begrunnelse, av=av)
    _varsle_imdi(anmodning, f"{anmodning.kommune.navn}: {tittel.lower()}", begrunnelse)
    return anmodning


@transaction.atomic
def anmodning_purr(*, anmodning: Anmodning, av=None) -> Anmodning:
    """Mark an unanswered anmodning Purret and remind the kommune (the sweep after the deadline, or IMDi)."""
    anmodning = _laas(anmodning)
    if anmodning.status != Anmodningsstatus.IKKE_SVART:
        raise DomeneFeil("Bare en anmodning som ikke er svart kan purres.")
    anmodning.status = Anmodningsstatus.PURRET
    anmodning.save(update_fields=["status"])
    tittel = f"Purring: anmodningen om bosetting har svarfrist {anmodning.svarfrist:%d.%m.%Y}"
    _logg(anmodning, kode="anmodning.purret", tittel=tittel, av=av)
    _varsle_kommune(anmodning, tittel, "Registrer kommunens vedtak under Anmodning og vedtak.")
    epost_legg_i_utboks(
        til=[anmodning.kommune.epost],
        emne=f"IMDinett: {tittel}",
        tekst="Registrer kommunens vedtak under Kommuner → Anmodning og vedtak i IMDinett.",
    )
    return anmodning


def paaminnelser_send(*, idag: date | None = None) -> int:
    """The daily sweep: remind once a week before the deadline; after it, mark Purret once."""
    idag = idag or timezone.localdate()
    antall = 0
    for anmodning in Anmodning.objects.filter(
        status=Anmodningsstatus.IKKE_SVART, svarfrist__lte=idag + timedelta(days=PAAMINNELSE_DAGER_FOER)
    ).select_related("kommune"):
        if anmodning.svarfrist < idag:
            anmodning_purr(anmodning=anmodning)
            antall += 1
            continue
        with transaction.atomic():
            _, ny = Paaminnelse.objects.get_or_create(
                nokkel=f"anmodning-frist:{anmodning.pk}:{anmodning.svarfrist}"
            )
            if ny:
                _varsle_kommune(
                    anmodning, f"Påminnelse: svarfrist for anmodningen er {anmodning.svarfrist:%d.%m.%Y}"
                )
                antall += 1
    return antall


KONTAKTFELT = [
    "flyktningkontor_avdeling",
    "flyktningkontor_adresse",
    "flyktningkontor_postnummer",
    "flyktningkontor_navn",
    "flyktningkontor_telefon",
    "flyktningkontor_epost",
]


@transaction.atomic
def kontaktinformasjon_lagre(*, kommune, data: dict, av):
    """The refugee office's contact details, kept by the Kommuneadministrator (seed 002)."""
    if not kan(av, "kommune.kontakt_endre", kommune):
        raise DomeneFeil("Du har ikke tilgang til å redigere kommunens kontaktinformasjon.")
    for felt in KONTAKTFELT:
        setattr(kommune, felt, data[felt])
    kommune.kontakt_endret, kommune.kontakt_endret_av = timezone.now(), av
    kommune.save()
    hendelse_registrer(
        omraade=Omraade.ANMODNING,
        kode="kommune.kontakt_endret",
        tittel="Kontaktinformasjon for flyktningkontoret endret",
        av=av,
        organisasjon=kommune,
    )
    return kommune
