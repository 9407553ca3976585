"""Fordeling: IMDi builds, sends or withdraws a fordelingsliste; the kommune confirms and answers it
once; the persons are søkt ut or return to fordelingsklar; letters are kept; settlement dates arrive.

Every function is one transaction that locks what it changes and records its Hendelse; the lifecycle
moves themselves are imdinett.personer.services. The letters of an answer are ordered here and made after
its commit by the task `fordeling.tasks.brev_lages` (fordeling.brev).
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from imdinett.dokumenter.services import dokument_lagre
from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Omraade, Paaminnelse
from imdinett.hendelser.services import hendelse_registrer, varsel_send, varsel_send_imdi
from imdinett.kompetanse.selectors import kompetanse_prefetch
from imdinett.organisasjoner.models import Kommune, Organisasjon
from imdinett.organisasjoner.tilgang import kan, krev_imdi
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak, Person
from imdinett.uker import mandag, uke_tekst
from innmelding.models import Innmelding

from .models import Fordelingslinje, Fordelingsliste, Tilbakemelding, TilbakemeldingMangel
from .selectors import imdi as imdi_selectors
from .selectors import kommune as kommune_selectors
from .selectors.visning import AVSLUTTEDE

Listestatus = Fordelingsliste.Status
Saksstatus = Bosettingssak.Status
Brevstatus = Fordelingsliste.BrevStatus
PAAMINNELSE_ETTER_DAGER = 7
MAANEDER = "januar februar mars april mai juni juli august september oktober november desember".split()


def _krev_svarrolle(av, liste: Fordelingsliste) -> None:
    if not kan(av, "fordeling.svar", liste.kommune_id):
        raise DomeneFeil("Du har ikke tilgang til å besvare fordelingslister for kommunen.")


def _laas(liste: Fordelingsliste) -> Fordelingsliste:
    return Fordelingsliste.objects.select_for_update().get(pk=liste.pk)


def _logg(liste: Fordelingsliste, *, kode: str, tittel: str, tekst: str = "", av=None, personer=()) -> None:
    hendelse_registrer(
        omraade=Omraade.FORDELING,
        kode=kode,
        tittel=tittel,
        tekst=tekst,
        av=av,
        organisasjon=liste.kommune,
        personer=personer,
        data={"fordelingsliste": liste.pk},
    )


def _lenke(liste: Fordelingsliste) -> str:
    return reverse("fordeling:liste", args=[liste.kommune_id, liste.pk])


def _saker(liste: Fordelingsliste) -> list[Bosettingssak]:
    return list(Bosettingssak.objects.filter(person__fordelingslinjer__liste=liste))


@transaction.atomic
def fordelingsliste_lagre(
    *,
    kommune: Kommune,
    husstander: dict[int, int | None],
    liste: Fordelingsliste | None = None,
    av,
) -> Fordelingsliste:
    """Create or replace a draft: every member with a case of each chosen household (`husstander`:
    {husstand id: innmelding id or None}). A household always goes whole."""
    krev_imdi(av)
    if liste is not None:
        liste = _laas(liste)
        if liste.status != Listestatus.UTKAST:
            raise DomeneFeil("Listen er sendt og kan ikke endres.")
    if not husstander:
        raise DomeneFeil("Velg minst én husstand.", felt="husstander")
    innmeldinger = set(
        Innmelding.objects.filter(kommune=kommune, pk__in=[i for i in husstander.values() if i]).values_list(
            "pk", flat=True
        )
    )
    if any(i and i not in innmeldinger for i in husstander.values()):
        raise DomeneFeil("Innmeldingen tilhører en annen kommune.", felt="husstander")
    personer = list(
        Person.objects.filter(husstand_id__in=husstander, bosettingssak__isnull=False)
        .exclude(bosettingssak__status__in=AVSLUTTEDE)
        .select_related("bosettingssak")
    )
    if liste is None:
        naa = timezone.localdate()
        # The kommune's row locked: two drafts at once never get one number (the constraint insists too).
        list(Organisasjon.objects.select_for_update().filter(pk=kommune.pk).values_list("pk", flat=True))
        siste = Fordelingsliste.objects.filter(kommune=kommune, aar=naa.year).aggregate(n=Max("nummer"))["n"]
        nummer = (siste or 0) + 1
        # Seed 002 names lists like «0628 Hurum fra oktober 2018»; the number counts the kommune's lists this year.
        liste = Fordelingsliste.objects.create(
            kommune=kommune,
            aar=naa.year,
            nummer=nummer,
            navn=f"{kommune.nummer} {kommune.navn} {MAANEDER[naa.month - 1]} {naa.year} nr. {nummer}",
            opprettet_av=av,
        )
    else:
        liste.linjer.all().delete()
    Fordelingslinje.objects.bulk_create(
        [
            Fordelingslinje(
                liste=liste, person=p, innmelding_id=husstander[p.husstand_id], mottak_id=p.mottak_id
            )
            for p in personer
        ]
    )
    return liste


@transaction.atomic
def fordelingsliste_send(
    *, liste: Fordelingsliste, overskridelse_begrunnelse: str = "", av
) -> Fordelingsliste:
    """Send a draft to the kommune: refused when information the kommune needs is missing; beyond the
    year's free places only with a reason (recorded). The households become fordelt; the kommune gets a
    Varsel in the app (no e-mail: it must log in — seed 000)."""
    krev_imdi(av)
    liste = _laas(liste)
    if liste.status != Listestatus.UTKAST:
        raise DomeneFeil("Listen er allerede sendt.")
    # Two lists to one kommune sent at once must not both pass the capacity check.
    Kommune.objects.select_for_update().filter(pk=liste.kommune_id).first()
    personer = list(
        Person.objects.filter(fordelingslinjer__liste=liste)
        .select_related("bosettingssak", "samtale", "husstand")
        .prefetch_related("bosettingsmerknader", kompetanse_prefetch())
    )
    if not personer:
        raise DomeneFeil("Listen har ingen personer.")
    mangler = [m for p in personer for m in imdi_selectors.mangler_ved_fordeling(p)]
    if mangler:
        raise DomeneFeil("Kommunen mangler informasjon om: " + "; ".join(mangler) + ".")
    over = imdi_selectors.overskridelser(liste.kommune, personer)
    begrunnelse = overskridelse_begrunnelse.strip()
    if over and not begrunnelse:
        raise DomeneFeil(
            "Listen gir flere enn kommunens ledige plasser (" + "; ".join(over) + "). "
            "Oppgi en begrunnelse for å sende likevel.",
            felt="overskridelse_begrunnelse",
        )
    saker.bosettingssak_fordel(saker=[p.bosettingssak for p in personer], kommune=liste.kommune, av=av)
    liste.status = Listestatus.SENDT
    liste.sendt = timezone.now()
    liste.overskridelse_begrunnelse = begrunnelse if over else ""
    liste.save()
    _logg(
        liste,
        kode="fordelingsliste.sendt",
        tittel=f"Fordelingsliste «{liste.navn}» sendt: {len(personer)} personer",
        tekst=f"Flere enn ledige plasser: {'; '.join(over)}. Begrunnelse: {begrunnelse}" if over else "",
        av=av,
    )
    varsel_send(
        organisasjon=liste.kommune,
        tittel=f"Ny fordelingsliste fra IMDi: «{liste.navn}», {len(personer)} personer",
        tekst="Svar på fordelingen under Kommuner → Bosetting → Fordelinger.",
        lenke=_lenke(liste),
    )
    return liste


@transaction.atomic
def fordelingsliste_trekk(*, liste: Fordelingsliste, begrunnelse: str, av) -> Fordelingsliste:
    """IMDi withdraws a list the kommune has not answered: the households are fordelingsklar again."""
    krev_imdi(av)
    liste = _laas(liste)
    if not liste.venter_paa_svar:
        raise DomeneFeil("Bare en sendt liste som ikke er besvart kan trekkes tilbake.")
    if not begrunnelse.strip():
        raise DomeneFeil("Oppgi en begrunnelse.", felt="begrunnelse")
    saker.bosettingssak_trekk_tilbake(saker=_saker(liste), grunn=begrunnelse, av=av)
    liste.status, liste.trukket, liste.trukket_begrunnelse = Listestatus.TRUKKET, timezone.now(), begrunnelse
    liste.save()
    _logg(
        liste,
        kode="fordelingsliste.trukket",
        tittel=f"Fordelingsliste «{liste.navn}» trukket tilbake",
        tekst=begrunnelse,
        av=av,
    )
    varsel_send(
        organisasjon=liste.kommune,
        tittel=f"IMDi har trukket tilbake fordelingslisten «{liste.navn}»",
        tekst=begrunnelse,
    )
    return liste


@transaction.atomic
def fordelingsliste_bekreft(*, liste: Fordelingsliste, svar: dict[int, dict], av) -> Fordelingsliste:
    """«Bekreft liste», the first of the kommune's two steps: store each person's answer.

    `svar`: {person id: {"bosettes": bool, "begrunnelse": str, "forventet_uke": date | None}}.
    A household is accepted or declined whole; a decline needs a reason; an accepted person needs an
    expected week, for overføringsflyktninger within the first/last possible week. Errors are raised
    with felt=f"{person id}" so the page can show them next to the person's row.
    """
    liste = _laas(liste)
    _krev_svarrolle(av, liste)
    if liste.er_besvart:
        raise DomeneFeil("Listen er allerede besvart.")
    if not liste.venter_paa_svar:
        raise DomeneFeil("Listen kan ikke besvares.")
    linjer = list(liste.linjer.select_related("person", "person__bosettingssak"))
    husstander = defaultdict(set)
    for linje in linjer:
        s = svar.get(linje.person_id)
        if s is None:
            raise DomeneFeil("Svar mangler for en person på listen.", felt=str(linje.person_id))
        husstander[linje.person.husstand_id].add(bool(s["bosettes"]))
    for linje in linjer:
        s = svar[linje.person_id]
        if len(husstander[linje.person.husstand_id]) > 1:
            raise DomeneFeil("En husstand bosettes eller avslås samlet.", felt=str(linje.person_id))
        linje.bosettes = bool(s["bosettes"])
        linje.begrunnelse = (s.get("begrunnelse") or "").strip() if not linje.bosettes else ""
        uke = s.get("forventet_uke")
        linje.forventet_uke = mandag(uke) if uke and linje.bosettes else None
        if not linje.bosettes and not linje.begrunnelse:
            raise DomeneFeil("Begrunn hvorfor personen ikke kan bosettes.", felt=str(linje.person_id))
        if linje.bosettes and linje.forventet_uke is None:
            raise DomeneFeil("Oppgi forventet bosettingsuke.", felt=str(linje.person_id))
        if linje.bosettes and linje.forventet_uke < mandag(timezone.localdate()):
            raise DomeneFeil(
                "Forventet bosettingsuke kan ikke være tilbake i tid.", felt=str(linje.person_id)
            )
        sak = linje.person.bosettingssak
        if linje.bosettes and sak.forste_mulige_uke and sak.siste_mulige_uke:
            if not sak.forste_mulige_uke <= linje.forventet_uke <= sak.siste_mulige_uke:
                raise DomeneFeil(
                    f"Forventet bosettingsuke må være mellom {uke_tekst(sak.forste_mulige_uke)} og "
                    f"{uke_tekst(sak.siste_mulige_uke)}.",
                    felt=str(linje.person_id),
                )
    Fordelingslinje.objects.bulk_update(linjer, ["bosettes", "begrunnelse", "forventet_uke"])
    liste.status, liste.bekreftet = Listestatus.BEKREFTET, timezone.now()
    liste.save()
    return liste


@transaction.atomic
def fordelingsliste_send_svar(*, liste: Fordelingsliste, av) -> Fordelingsliste:
    """«Send svar», the second step, once: accepted households are søkt ut with their weeks (the kommune
    reaches their folder), declined ones are fordelingsklar again with the reason on their log; the
    mottak is told which kommune and week; IMDi's letters are ordered, made by a task after the commit."""
    liste = _laas(liste)
    _krev_svarrolle(av, liste)
    if liste.er_besvart:
        raise DomeneFeil(
            "Listen er allerede besvart. Svaret ble sendt "
            f"{timezone.localtime(liste.besvart):%d.%m.%Y kl. %H:%M}."
        )
    if not liste.er_bekreftet:
        raise DomeneFeil("Bekreft listen før du sender svaret.")
    linjer = list(
        liste.linjer.select_related(
            "person", "person__bosettingssak", "person__mottak__postnummer", "person__husstand"
        ).order_by("person__husstand__reg_nr", "person__fodselsdato")
    )
    per_husstand = defaultdict(list)
    for linje in linjer:
        per_husstand[linje.person.husstand_id].append(linje)
    for medlemmer in per_husstand.values():
        saker_ = [m.person.bosettingssak for m in medlemmer]
        if medlemmer[0].bosettes:
            saker.bosettingssak_sok_ut(
                saker=saker_, uker={m.person_id: m.forventet_uke for m in medlemmer}, av=av
            )
        else:
            saker.bosettingssak_avslaa(saker=saker_, grunn=medlemmer[0].begrunnelse, av=av)
    liste.status, liste.besvart, liste.besvart_av = Listestatus.BESVART, timezone.now(), av
    godtatt = [linje for linje in linjer if linje.bosettes]
    if not godtatt:
        liste.brev_status = Brevstatus.LAGET  # nobody accepted: no letters to make
    liste.save()
    if godtatt:
        _brev_bestill(liste)
    _logg(
        liste,
        kode="fordelingsliste.besvart",
        tittel=f"Fordelingsliste «{liste.navn}» besvart: {len(godtatt)} av {len(linjer)} bosettes",
        tekst="\n".join(f"Ikke bosettes: {linje.begrunnelse}" for linje in linjer if not linje.bosettes),
        av=av,
    )
    _varsle_mottak(liste, godtatt)
    varsel_send_imdi(
        tittel=f"{liste.kommune.navn} har svart på fordelingslisten: {len(godtatt)} av {len(linjer)} bosettes",
        lenke=reverse("admin:fordeling_fordelingsliste_change", args=[liste.pk]),
    )
    return liste


def _varsle_mottak(liste: Fordelingsliste, godtatt: list[Fordelingslinje]) -> None:
    per_mottak = defaultdict(list)
    for linje in godtatt:
        if linje.person.mottak_id:
            per_mottak[linje.person.mottak].append(linje)
    for mottak, linjer in per_mottak.items():
        uker = ", ".join(sorted({linje.uke_tekst for linje in linjer}))
        saker.mottak_varsle(
            mottak=mottak,
            tittel=f"{len(linjer)} {'beboer' if len(linjer) == 1 else 'beboere'} søkt ut til {liste.kommune.navn} kommune",
            tekst=f"{liste.kommune.navn} kommune har sagt ja til å bosette {len(linjer)} av mottakets beboere, "
            f"forventet bosettingsuke: {uker}. Se Oversikt mottaksbeboere.",
            lenke=reverse("mottak:start"),
        )


def _brev_bestill(liste: Fordelingsliste) -> None:
    """The letters are «venter» from now; the task makes them after the caller's commit. A broker outage is
    logged, never raised into a request that already committed: the sweep queues the list again."""
    liste.brev_status, liste.brev_bestilt, liste.brev_feil = Brevstatus.VENTER, timezone.now(), ""
    liste.save(update_fields=["brev_status", "brev_bestilt", "brev_feil"])

    def koe():
        from .tasks import brev_lages

        brev_lages.delay(liste.pk)

    transaction.on_commit(koe, robust=True)


def _lag_brev(liste: Fordelingsliste, godtatt: list[Fordelingslinje], av) -> int:
    """IMDi's letters (seed 002 «Vedtak om bosetting»): «Vedtak om bosettingskommune» to each accepted
    person except overføringsflyktninger (kept for the mottak, or IMDi), and «Bosetting av flyktninger» to
    the kommune listing everyone accepted. Only those not yet made; how many were made."""
    imdi = Organisasjon.objects.filter(type=Organisasjon.Type.IMDI).first()
    kommune = liste.kommune
    laget = 0
    for linje in godtatt:
        if not linje.faar_vedtaksbrev:
            continue
        person = linje.person
        with transaction.atomic():
            _laas(liste)
            if Fordelingslinje.objects.filter(pk=linje.pk, brev__isnull=False).exists():
                continue
            linje.brev = dokument_lagre(
                tittel=f"Vedtak om bosettingskommune – {person.navn}",
                type="vedtak_bosettingskommune",
                template="fordeling/brev_vedtak_bosettingskommune.html",
                context={"person": person, "kommune": kommune, "linje": linje, "mottaker": _adresse(person)},
                organisasjon=person.mottak or imdi,
                tillatelse="dokument.les",
                person=person,
                av=av,
            )
            linje.save(update_fields=["brev"])
            laget += 1
    if godtatt:
        with transaction.atomic():
            if _laas(liste).brev_id is None:
                liste.brev = dokument_lagre(
                    tittel=f"Bosetting av flyktninger – {kommune.navn} kommune",
                    type="bosetting_av_flyktninger",
                    template="fordeling/brev_bosetting_av_flyktninger.html",
                    context={
                        "kommune": kommune,
                        "liste": liste,
                        "linjer": godtatt,
                        "mottaker": f"{kommune.navn} kommune",
                    },
                    organisasjon=kommune,
                    tillatelse="dokument.les",  # the kommune's Bosetter roles: they reach the persons it names
                    personer=[linje.person_id for linje in godtatt],
                    av=av,
                    utsendes=True,  # to the kommune's Altinn inbox through SvarUT (seed 000), or kept (#23)
                )
                liste.save(update_fields=["brev"])
                laget += 1
    return laget


def _adresse(person: Person) -> str:
    if person.mottak_id:
        m = person.mottak
        return f"{person.navn}\nc/o {m.navn}\n{m.postadresse}\n{m.postnummer or ''}".strip()
    return f"{person.navn}\n{person.adresse}"


# ---- Bosettingsdato and other case events ----


@transaction.atomic
def bosettingsdato_registrer(*, kommune: Kommune, person_id: int, dato: date, av) -> Bosettingssak:
    """The kommune registers the settlement date of a person who lived privately, in an institution or
    AMOT (seed 002); the person is then bosatt."""
    if not kan(av, "bosettingsdato.skriv", kommune):
        raise DomeneFeil("Du har ikke tilgang til å registrere bosettingsdato for kommunen.")
    sak = kommune_selectors.access_til_bosettingsdato(kommune, person_id)
    if dato > timezone.localdate():
        raise DomeneFeil("Bosettingsdato kan ikke være fram i tid.", felt="dato")
    return saker.bosettingssak_bosett(saker=[sak], bosettingsdato=dato, av=av)[0]


# ---- Tilbakemelding på bosettingsforberedende informasjon ----


@transaction.atomic
def tilbakemelding_registrer(
    *, kommune: Kommune, person_id: int, kategori: str, mangler: list[str], tekst: str, av
) -> Tilbakemelding:
    """The kommune reports what was missing or wrong at distribution for a person it has settled
    (seed 000, seed 003). Kept with the mottak the person lived in when the list was made; IMDi is notified."""
    if not kan(av, "tilbakemelding.skriv", kommune):
        raise DomeneFeil("Du har ikke tilgang til å melde inn tilbakemelding for kommunen.")
    sak = (
        Bosettingssak.objects.select_for_update()
        .select_related("person")
        .filter(person_id=person_id, kommune=kommune, status=Saksstatus.BOSATT)
        .first()
    )
    if sak is None:
        raise DomeneFeil("Personen er ikke bosatt i kommunen.")
    if not mangler:
        raise DomeneFeil("Velg minst én ting som manglet eller var feil.", felt="mangler")
    # The case row is locked: a double submit finds the first one and adds nothing.
    if Tilbakemelding.objects.filter(person_id=person_id, kommune=kommune, tekst=tekst).exists():
        raise DomeneFeil("Denne tilbakemeldingen er allerede sendt.")
    linje = (
        Fordelingslinje.objects.filter(person_id=person_id, liste__kommune=kommune, bosettes=True)
        .filter(liste__status=Listestatus.BESVART)
        .order_by("-liste__besvart")
        .first()
    )
    tilbakemelding = Tilbakemelding.objects.create(
        person=sak.person,
        kommune=kommune,
        mottak_id=linje.mottak_id if linje else None,
        kategori=kategori,
        tekst=tekst,
        registrert_av=av,
    )
    TilbakemeldingMangel.objects.bulk_create(
        [TilbakemeldingMangel(tilbakemelding=tilbakemelding, mangel=m) for m in dict.fromkeys(mangler)]
    )
    hendelse_registrer(
        omraade=Omraade.FORDELING,
        kode="tilbakemelding.registrert",
        tittel="Tilbakemelding på bosettingsforberedende informasjon",
        tekst=", ".join(TilbakemeldingMangel.Mangel(m).label for m in dict.fromkeys(mangler)) + f"\n{tekst}",
        av=av,
        organisasjon=kommune,
        personer=[sak.person],
    )
    varsel_send_imdi(
        tittel=f"{kommune.navn} har meldt inn tilbakemelding på bosettingsforberedende informasjon",
        lenke=reverse("admin:fordeling_tilbakemelding_change", args=[tilbakemelding.pk]),
    )
    return tilbakemelding


@transaction.atomic
def tilbakemeldinger_behandle(*, tilbakemeldinger, av) -> int:
    """IMDi marks feedback handled; already handled ones are left as they were."""
    krev_imdi(av)
    return Tilbakemelding.objects.filter(
        pk__in=[t.pk for t in tilbakemeldinger], behandlet__isnull=True
    ).update(behandlet=timezone.now(), behandlet_av=av)


def paaminnelser_send(*, idag: date | None = None) -> int:
    """The daily sweep: remind the kommune once of a list unanswered after seven days."""
    idag = idag or timezone.localdate()
    grense = idag - timedelta(days=PAAMINNELSE_ETTER_DAGER)
    antall = 0
    for liste in Fordelingsliste.objects.filter(
        status__in=(Listestatus.SENDT, Listestatus.BEKREFTET), sendt__date__lte=grense
    ).select_related("kommune"):
        with transaction.atomic():
            _, ny = Paaminnelse.objects.get_or_create(nokkel=f"fordelingsliste-ubesvart:{liste.pk}")
            if ny:
                varsel_send(
                    organisasjon=liste.kommune,
                    tittel=f"Påminnelse: fordelingslisten «{liste.navn}» er ikke besvart",
                    tekst=f"Listen ble sendt {timezone.localtime(liste.sendt):%d.%m.%Y}. "
                    "Svar under Kommuner → Bosetting → Fordelinger.",
                    lenke=_lenke(liste),
                )
                antall += 1
    return antall


# ---- Fordelingsforslag (issue #9) ----


@transaction.atomic
def forslag_lag_utkast(
    *, fordeling: dict[int, dict[int, int | None]], av, utkast: dict[int, int] | None = None
) -> list[Fordelingsliste]:
    """Turn the part of a Fordelingsforslag the caseworker keeps into draft lists, one per kommune, through
    `fordelingsliste_lagre` (the same rules as the builder). `fordeling`: {kommune id: {husstand id: innmelding
    id or None}}; `utkast`: {kommune id: list id} the drafts already made from the same suggestion, which get
    the households added (while they are still drafts). All or nothing: refused if a household is in two
    kommuner, is no longer fordelingsklar (the suggestion is old), or is already on another draft list."""
    krev_imdi(av)
    fordeling = {k: h for k, h in fordeling.items() if h}
    if not fordeling:
        raise DomeneFeil("Velg minst én kommune med minst én husstand.")
    husstander = [hid for hs in fordeling.values() for hid in hs]
    if len(husstander) != len(set(husstander)):
        raise DomeneFeil("En husstand kan bare foreslås til én kommune.")
    saker_ = (
        Bosettingssak.objects.filter(person__husstand_id__in=husstander)
        .exclude(status__in=AVSLUTTEDE)
        .values_list("person__husstand__reg_nr", "status")
    )
    ikke_klare = sorted({reg for reg, status in saker_ if status != Saksstatus.FORDELINGSKLAR})
    if ikke_klare:
        hvem = "husstanden" if len(ikke_klare) == 1 else "husstandene"
        raise DomeneFeil(
            f"Forslaget er utdatert: {hvem} med Reg-nr {', '.join(ikke_klare)} er ikke lenger fordelingsklar. "
            "Beregn forslaget på nytt."
        )
    egne = {
        li.kommune_id: li
        for li in Fordelingsliste.objects.filter(
            pk__in=(utkast or {}).values(), kommune_id__in=fordeling, status=Listestatus.UTKAST
        )
    }
    linjer = Fordelingslinje.objects.filter(liste__status=Listestatus.UTKAST).filter(
        Q(person__husstand_id__in=husstander) | Q(liste__in=egne.values())
    )
    paa_egne: dict[int, dict[int, int | None]] = {}
    pa_utkast = set()
    for hid, liste_id, kid, innmelding, reg, navn in linjer.values_list(
        "person__husstand_id",
        "liste_id",
        "liste__kommune_id",
        "innmelding_id",
        "person__husstand__reg_nr",
        "liste__navn",
    ):
        if kid in egne and egne[kid].pk == liste_id:
            paa_egne.setdefault(kid, {})[hid] = innmelding
            if hid in fordeling.get(kid, {}):
                continue
        if hid in husstander:
            pa_utkast.add((reg, navn))
    if pa_utkast:
        raise DomeneFeil(
            "Disse husstandene står allerede på et utkast: "
            + "; ".join(f"Reg-nr {reg} på «{navn}»" for reg, navn in sorted(pa_utkast))
            + ". Fjern dem fra utkastet eller fra forslaget."
        )
    kommuner = Kommune.objects.in_bulk(list(fordeling))
    return [
        fordelingsliste_lagre(
            kommune=kommuner[kid],
            husstander={**paa_egne.get(kid, {}), **fordeling[kid]},
            liste=egne.get(kid),
            av=av,
        )
        for kid in sorted(fordeling, key=lambda k: kommuner[k].navn)
    ]
