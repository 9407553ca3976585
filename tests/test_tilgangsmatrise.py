"""The access matrix (issue #10 «Prove it»): who reaches what, for every URL of the project.

The demo world (`load_referansedata` + `seed_demo`) is built once for the module, inside one
transaction rolled back at the end, plus what the demo lacks so that every kind of object has an
instance in *another* organisation: innmeldinger for both kommuner, IMDi's drafts (an anmodning and a
fordelingsliste to Sortland — IMDi's only, so «another organisation's» even for Sortland), a letter to a
Toten resident, a settled and a privatboende person in each kommune (so Tilbakemelding and Bosettingsdato
answer 404 because of the kommune, not the status), and a canary internal note and behandler on a Hå
resident søkt ut to Sortland.

Three tests:

1. **Another organisation's objects.** Every URL pattern of the resolver (recursively; `admin/` is
   skipped — IMDi-only and covered by tests/test_admin.py; `api/` answers bearer tokens, not sessions, and
   has its own rows, test 5; no static patterns are mounted) that takes an
   object id is filled, for every demo user, with objects the user must not reach: all ids of another
   organisation, and each id in turn of another organisation with the others the user's own (own
   mottak + another mottak's person, own kommune + another kommune's anmodning …: the nested-id leak).
   Slug kwargs take every value of the app's own dict. GET and POST (empty body) each.
   Expected: 404, or 405 (the method is refused before any object is looked up, so nothing is told).
   Anything else is a leak: a 200 or 400 (the view processed the object), a 403 (tells that the object
   exists, unlike a missing one), a 302 (the view accepted the object and moved on; none is needed
   today, so none is allowed) or a 500. IMDi is the authority over every organisation (DOMAIN.md: IMDi
   reads all; access_mottak / access_kommune let IMDi into every mottak and kommune), so for IMDi only
   the front-end user administration of other organisations is «another organisation's».
   The superuser `admin` (no organisation) is treated like an outsider to every organisation.
   Deliberate exceptions are the one dict UNNTAK, each with its reason.
2. **The canary.** As every mottak and kommune demo user, every page, CSV, Excel and PDF the user
   reaches with *their own* objects (and the reports as ?format=csv/xlsx, the list with ?alle, every
   interview section by ?del=, the person search by name and DUF) must hold neither the canary note
   (title, message) nor the canary behandler, and no e-mail quotes them; IMDi must see them on the page
   and in the printout (the positive control, so the test can fail).
3. **Anonymous.** Every URL, GET, POST and htmx GET, gives a redirect to the login page (or 404; htmx:
   204 with HX-Redirect), except the login and logout pages, the help page and the resident's
   self-registration (ANONYMT_TILLATT).
4. (Menu links and the Innsynslogg, below.)
5. **The API** (`/api/`, docs/integrasjoner.md): every operation refuses a call without a token (401) and a
   client whose token lacks its scope (403); a kommune's client with the read scope reaches exactly the
   persons that kommune has søkt ut, settled or refused (the DOMAIN rule, written here on its own), every
   other person is a 404, and the list holds exactly them; a logged-in user's session opens nothing there.
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import timezone
from openpyxl import load_workbook

from fordeling import tasks as fordeling_tasks
from fordeling.models import Fordelingsliste
from imdinett.celery import app as celery_app
from imdinett.dokumenter.models import Dokument
from imdinett.hendelser.models import Epost
from imdinett.integrasjon import services as api_services
from imdinett.integrasjon.models import ApiKlient
from imdinett.integrasjon.omfang import KOMMUNE_PERSONER_LES, MOT_MELDINGER, UDI_MELDINGER
from imdinett.kompetanse.forms import RADTYPER
from imdinett.organisasjoner.models import Bruker, Kommune, Mottak, Organisasjon
from imdinett.organisasjoner.roller import Omraade, Rolle
from imdinett.personer.models import Behandler, Bosettingsmerknad, Bosettingssak, Innsynslogg, Person
from imdinett.personer.views import SEKSJONER, UTSKRIFTER
from innmelding import services as innmelding_services
from innmelding.models import Innmelding
from kommune import services as anmodning_services
from kommune.models import Anmodning
from mottak import services as mottak_services
from mottak.forms import DELER
from utvikling.demo import seed_demo

from .conftest import pdftekst

Saksstatus = Bosettingssak.Status
KANARI_MERKNAD = "KANARI-7Q4Z-INTERN-MERKNAD"
KANARI_TITTEL = "KANARI-7Q4Z-TITTEL"
KANARI_BEHANDLER = "KANARI-7Q4Z-BEHANDLER"
KANARIER = (KANARI_TITTEL, KANARI_MERKNAD, KANARI_BEHANDLER)

# Slug kwargs take every value the view knows.
SLUGS = {
    "seksjon": list(SEKSJONER),
    "utskrift": list(UTSKRIFTER),
    "type_": list(RADTYPER),
    "del_": list(DELER),
}
# Int kwargs → the kind of object; `pk` by the URL's name.
ART = {
    "mottak_id": "mottak",
    "kommune_id": "kommune",
    "person_id": "person",
    "anmodning_id": "anmodning",
    "liste_id": "liste",
    "innmelding_id": "innmelding",
    "merknad_id": "merknad",
}
PK_ART = {
    "bruker": "bruker",
    "bruker_aktiv": "bruker",
    "bruker_tofaktor_nullstill": "bruker",
    "dokument": "dokument",
    "kommune:kommune": "kommune",
}

# (url name, method) → why another organisation's object may be answered with something else than 404.
UNNTAK = {
    ("kommune:kommune", "GET"): "the kommune's contact page is readable by every logged-in user: mottak and "
    "IMDi need the refugee office's details (docs/beslutninger.md, «Kontaktinformasjon»); editing (POST) "
    "stays the kommune's own",
}
# Pages an anonymous visitor may reach: logging in and out, and the resident's self-registration
# (DUF + one-time code, no account — seed 000). Static files are not routed through the URLconf.
ANONYMT_TILLATT = {
    "login": "the login page",
    "logout": "logging out without a session just lands on the login page",
    "hjelp": "the help page is general guidance with no data (login_not_required on purpose: it explains "
    "how to log in)",
    "kompetanse:selvregistrering": "the resident's self-registration: no account, DUF and one-time code",
    "kompetanse:selvregistrering_skjema": "the self-registration form (session from the one-time code)",
    "kompetanse:selvregistrering_takk": "the self-registration receipt",
}
GODKJENT_STATUS = {404, 405}


@dataclass
class Monster:
    navn: str  # namespaced URL name
    kwargs: dict  # kwarg → converter


def url_monstre() -> list[Monster]:
    """Every named URL pattern of the project, with the kwargs of every level; admin left out."""
    funnet: list[Monster] = []

    def gaa(monstre, navnerom: list[str], arvet: dict):
        for m in monstre:
            if isinstance(m, URLResolver):
                if str(m.pattern) in ("admin/", "api/"):
                    continue
                ns = [*navnerom, m.namespace] if m.namespace else navnerom
                gaa(m.url_patterns, ns, {**arvet, **m.pattern.converters})
            elif isinstance(m, URLPattern):
                assert m.name, f"URL-mønster uten navn: {m.pattern}"
                funnet.append(Monster(":".join([*navnerom, m.name]), {**arvet, **m.pattern.converters}))

    gaa(get_resolver().url_patterns, [], {})
    return funnet


def art(monster: Monster, kwarg: str) -> str:
    if kwarg == "pk":
        if monster.navn.startswith("personer:"):
            return "person"
        if monster.navn in PK_ART:
            return PK_ART[monster.navn]
    elif kwarg in ART:
        return ART[kwarg]
    pytest.fail(
        f"{monster.navn}: ingen kobling for kwarg «{kwarg}» — legg den til i ART/PK_ART/SLUGS i "
        "tests/test_tilgangsmatrise.py så den nye URL-en kommer med i tilgangsmatrisen."
    )


@dataclass
class Profil:
    """A user's own objects and those of other organisations, per kind (ids)."""

    egne: dict[str, list[int]] = field(default_factory=dict)
    andre: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Verden:
    brukere: dict[str, Bruker]
    profiler: dict[str, Profil]
    kanariperson: Person


def _bygg_verden() -> Verden:
    call_command("load_referansedata", verbosity=0)
    seed_demo()
    # The answered lists' letters are made after the demo's commit, which this rolled-back world never reaches.
    for liste in Fordelingsliste.objects.filter(brev_status=Fordelingsliste.BrevStatus.VENTER):
        fordeling_tasks.brev_lages.apply(args=[liste.pk]).get()
    b = {u.username: u for u in Bruker.objects.all()}
    haa, toten = Mottak.objects.get(navn="Hå asylmottak"), Mottak.objects.get(navn="Toten asylmottak")
    sortland, tromso = Kommune.objects.get(nummer="1870"), Kommune.objects.get(nummer="5501")
    haa_k = Kommune.objects.get(nummer="1119")

    def sokt_ut(kommune):
        return (
            Person.objects.filter(
                bosettingssak__kommune=kommune, bosettingssak__status=Saksstatus.SOKT_UT, mottak=haa
            )
            .order_by("pk")
            .first()
        )

    p_sortland, p_tromso = sokt_ut(sortland), sokt_ut(tromso)
    p_haa = (
        Person.objects.filter(mottak=haa, bosettingssak__status=Saksstatus.OPPRETTET).order_by("pk").first()
    )
    p_toten = (
        Person.objects.filter(mottak=toten, bosettingssak__status=Saksstatus.FORDELINGSKLAR)
        .order_by("pk")
        .first()
    )
    assert all([p_sortland, p_tromso, p_haa, p_toten])

    # Persons each kommune-only view acts on, so its 404 for another kommune is the access rule and not
    # the status: settled (Tilbakemelding) and privatboende søkt ut (Bosettingsdato) in both kommuner.
    idag = timezone.localdate()
    p_bosatt_sortland = Person.objects.filter(
        bosettingssak__kommune=sortland, bosettingssak__status=Saksstatus.BOSATT
    ).first()
    p_bosatt_tromso = Person.objects.filter(
        bosettingssak__kommune=tromso, bosettingssak__status=Saksstatus.BOSETTINGSNEKT
    ).first()
    Bosettingssak.objects.filter(person=p_bosatt_tromso).update(status=Saksstatus.BOSATT, bosettingsdato=idag)

    def privatboende(kommune):
        p = Person.objects.filter(
            bosettingssak__kommune=kommune, bosettingssak__status=Saksstatus.SOKT_UT
        ).order_by("-pk")[0]
        assert p.pk not in (p_sortland.pk, p_tromso.pk)
        Person.objects.filter(pk=p.pk).update(sakstype=Person.Sakstype.PRIVATBOENDE)
        return p

    p_privat_sortland, p_privat_tromso = privatboende(sortland), privatboende(tromso)
    assert p_bosatt_sortland and p_bosatt_tromso

    # The canary: IMDi's eyes only (DOMAIN.md «Internal notes and behandler are IMDi-only, always»).
    mottak_services.intern_merknad_opprett(
        person=p_sortland, tittel=KANARI_TITTEL, melding=KANARI_MERKNAD, av=b["mottak"]
    )
    Behandler.objects.create(person=p_sortland, navn=KANARI_BEHANDLER, virksomhet="DPS Jæren")
    mottak_services.intern_merknad_varsle_imdi(person=p_sortland, av=b["mottak"])  # names DUF, never the note

    def merknad(person, av):
        m = Bosettingsmerknad.objects.filter(person=person).first()
        return m or Bosettingsmerknad.objects.create(
            person=person, tekst="Ønsker å bo sentralt.", opprettet_av=av
        )

    m_sortland, m_toten = merknad(p_sortland, b["mottak"]), merknad(p_toten, b["toten"])

    uke = idag + timedelta(days=21)

    def innmelding(kommune, av):
        return innmelding_services.innmelding_send(
            kommune=kommune,
            type=Innmelding.Type.LEDIG_BOLIG,
            forventet_uke=uke,
            av=av,
            boligtype="familiebolig",
            antall=2,
        )

    i_sortland, i_tromso = innmelding(sortland, b["kommune"]), innmelding(tromso, b["tromso"])

    def anmodning(kommune):
        return (
            Anmodning.objects.filter(kommune=kommune).exclude(status=Anmodning.Status.UTKAST).order_by("pk")
        )

    a_sortland, a_tromso = list(anmodning(sortland)), list(anmodning(tromso))
    a_utkast = anmodning_services.anmodning_opprett(
        kommuner=[sortland],
        aar=[uke.year + 2],
        tall={"voksne": 3, "em_15_18": 0, "em_under_15": 0},
        svarfrist=uke,
        av=b["imdi"],
    )[0]
    assert a_utkast.status == Anmodning.Status.UTKAST

    def lister(kommune):
        return list(Fordelingsliste.objects.filter(kommune=kommune).exclude(status="utkast").order_by("pk"))

    l_sortland, l_tromso = lister(sortland), lister(tromso)
    l_utkast = Fordelingsliste.objects.create(
        kommune=sortland, navn="Utkast", aar=2026, nummer=999, opprettet_av=b["imdi"]
    )
    assert l_sortland and l_tromso

    def brev(org):
        return Dokument.objects.filter(organisasjon=org, person__isnull=True).order_by("pk").first()

    d_sortland, d_tromso = brev(sortland), brev(tromso)
    d_haa = Dokument.objects.filter(organisasjon=haa, person=p_sortland).first()
    assert d_sortland and d_tromso and d_haa
    with d_haa.fil.open("rb") as f:
        d_toten = Dokument.objects.create(
            tittel="Vedtak om bosettingskommune",
            type="vedtak_bosettingskommune",
            organisasjon=toten,
            person=p_toten,
            fil=ContentFile(f.read(), name="toten.pdf"),
        )

    # kind → (own, others'), per group of users
    def profil(**arter) -> Profil:
        p = Profil()
        for kind, (egne, andre) in arter.items():
            p.egne[kind] = [o.pk for o in egne]
            p.andre[kind] = [o.pk for o in andre]
        return p

    haa_profil = profil(
        mottak=([haa], [toten]),
        person=([p_sortland, p_haa], [p_toten]),
        merknad=([m_sortland], [m_toten]),
        kommune=([], [sortland, tromso]),
        anmodning=([], [a_sortland[0], a_tromso[0]]),
        liste=([], [l_sortland[0], l_tromso[0]]),
        innmelding=([], [i_sortland, i_tromso]),
        dokument=([d_haa], [d_toten, d_sortland]),
        bruker=([b["mottak"], b["kompass"]], [b["toten"], b["kommune"]]),
    )
    toten_profil = profil(
        mottak=([toten], [haa]),
        person=([p_toten], [p_sortland, p_haa]),
        merknad=([m_toten], [m_sortland]),
        kommune=([], [sortland]),
        anmodning=([], [a_sortland[0]]),
        liste=([], [l_sortland[0]]),
        innmelding=([], [i_sortland]),
        dokument=([d_toten], [d_haa, d_sortland]),
        bruker=([b["toten"]], [b["mottak"], b["mottakadmin"]]),
    )

    def kommuneprofil(egen, annen, personer, andres, a_egen, a_annen, l_egen, l_annen, i_egen, i_annen):
        utkast = [a_utkast] if egen == sortland else []
        liste_utkast = [l_utkast] if egen == sortland else []
        return profil(
            kommune=([egen], [annen]),
            person=(personer, [*andres, p_haa, p_toten]),
            anmodning=(a_egen, [a_annen[0], *utkast]),
            liste=(l_egen, [l_annen[0], *liste_utkast]),
            innmelding=([i_egen], [i_annen]),
            dokument=([brev(egen)], [brev(annen), d_haa]),
            bruker=([u for u in b.values() if u.organisasjon_id == egen.pk], [b["tromso"], b["mottakadmin"]]),
            mottak=([], [haa, toten]),
            merknad=([], [m_sortland, m_toten]),
        )

    sortlands = [p_sortland, p_bosatt_sortland, p_privat_sortland]
    tromsos = [p_tromso, p_bosatt_tromso, p_privat_tromso]
    sortland_profil = kommuneprofil(
        sortland, tromso, sortlands, tromsos, a_sortland, a_tromso, l_sortland, l_tromso, i_sortland, i_tromso
    )
    tromso_profil = kommuneprofil(
        tromso, sortland, tromsos, sortlands, a_tromso, a_sortland, l_tromso, l_sortland, i_tromso, i_sortland
    )
    tromso_profil.andre["bruker"] = [b["kommune"].pk, b["mottakadmin"].pk]
    kartlegger_profil = profil(
        kommune=([haa_k], [sortland]),
        person=([p_haa, p_sortland], [p_toten]),
        mottak=([], [haa, toten]),
        anmodning=([], [a_sortland[0]]),
        liste=([], [l_sortland[0]]),
        innmelding=([], [i_sortland]),
        dokument=([], [d_sortland, d_haa, d_toten]),
        bruker=([b["kartlegger"]], [b["kommune"], b["mottakadmin"]]),
        merknad=([], [m_sortland]),
    )
    utenfor_profil = profil(  # bufetat and the superuser: every organisation's objects are another's
        mottak=([], [haa, toten]),
        kommune=([], [sortland, tromso]),
        person=([], [p_sortland, p_tromso, p_haa, p_toten]),
        anmodning=([], [a_sortland[0], a_tromso[0]]),
        liste=([], [l_sortland[0], l_tromso[0]]),
        innmelding=([], [i_sortland, i_tromso]),
        dokument=([], [d_sortland, d_haa, d_toten]),
        bruker=([], [b["kommune"], b["mottakadmin"]]),
        merknad=([], [m_sortland, m_toten]),
    )
    # IMDi is the authority over every mottak and kommune (access_mottak / access_kommune: «IMDi: any»,
    # DOMAIN.md: IMDi reads all): nothing there is another organisation's. Only the front-end user
    # administration is per own organisation (IMDi administers others in the admin).
    imdi_profil = profil(
        mottak=([haa, toten], []),
        kommune=([sortland, tromso], []),
        person=([p_sortland, p_tromso, p_haa, p_toten], []),
        anmodning=([a_sortland[0], a_tromso[0]], []),
        liste=([l_sortland[0], l_tromso[0]], []),
        innmelding=([i_sortland, i_tromso], []),
        dokument=([d_sortland, d_haa, d_toten], []),
        merknad=([m_sortland, m_toten], []),
        bruker=([b["imdi"]], [b["kommune"], b["mottakadmin"], b["toten"]]),
    )
    profiler = {
        "mottak": haa_profil,
        "mottakadmin": haa_profil,
        "kompass": haa_profil,
        "toten": toten_profil,
        "kommune": sortland_profil,
        "kommunelese": sortland_profil,
        "tromso": tromso_profil,
        "kartlegger": kartlegger_profil,
        "bufetat": utenfor_profil,
        "admin": utenfor_profil,
        "imdi": imdi_profil,
    }
    # The demo's one user per role, named after it and holding that role alone (the users above hold several,
    # which hides a menu link that leads to a 404 for a single role): at Hå asylmottak, Sortland (the
    # Kartlegger: Hå kommune), IMDi and Bufetat.
    omraadeprofil = {
        Omraade.MOTTAK: haa_profil,
        Omraade.KOMMUNE: sortland_profil,
        Omraade.IMDI: imdi_profil,
        Omraade.BUFETAT: utenfor_profil,
    }
    for rolle in Rolle:
        profiler[rolle.value] = (
            kartlegger_profil if rolle == Rolle.KOMMUNE_KARTLEGGER else omraadeprofil[rolle.omraade]
        )
    assert set(profiler) == set(b), f"demo users without a profile: {set(b) ^ set(profiler)}"
    return Verden(brukere=b, profiler=profiler, kanariperson=p_sortland)


@pytest.fixture(scope="module")
def verden(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo world, built once, in a transaction that is rolled back after the module."""
    media = tmp_path_factory.mktemp("media")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    innstillinger = override_settings(
        MEDIA_ROOT=media, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    )
    with django_db_blocker.unblock(), innstillinger:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _bygg_verden()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            celery_app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def _media_epost_og_oppgaver(verden, db):
    """Replaces tests/conftest.py's: the module's world keeps one MEDIA_ROOT (its letters live there)."""


def _slugvarianter(monster: Monster, kwargs: dict) -> list[dict]:
    varianter = [kwargs]
    for k, conv in monster.kwargs.items():
        if isinstance(conv, IntConverter):
            continue
        if k not in SLUGS:
            pytest.fail(f"{monster.navn}: ingen verdier for slug-kwarg «{k}» — legg dem til i SLUGS.")
        varianter = [{**v, k: s} for v in varianter for s in SLUGS[k]]
    return varianter


def andres_kwargs(monster: Monster, profil: Profil) -> list[dict]:
    """The kwargs that name at least one object of another organisation (none if no id kwarg)."""
    ider = [k for k, c in monster.kwargs.items() if isinstance(c, IntConverter)]
    if not ider:
        return []
    arter = {k: art(monster, k) for k in ider}
    andre = {k: profil.andre.get(arter[k], []) for k in ider}
    egne = {k: profil.egne.get(arter[k], []) for k in ider}
    resultat: list[dict] = []
    if all(andre.values()):
        resultat.append({k: andre[k][0] for k in ider})
    for k in ider:
        for annen in andre[k]:
            resten = {j: (egne[j] or andre[j])[0] for j in ider if j != k if egne[j] or andre[j]}
            if len(resten) == len(ider) - 1:
                resultat.append({**resten, k: annen})
    unike = list({tuple(sorted(r.items())): r for r in resultat}.values())
    # Every slug value with the first variant; the further variants (which only move the ids) with the
    # first slug value, to keep the module fast: the slug never chooses the object.
    return (
        [*_slugvarianter(monster, unike[0]), *(_slugvarianter(monster, r)[0] for r in unike[1:])]
        if unike
        else []
    )


def egne_kwargs(monster: Monster, profil: Profil) -> list[dict]:
    ider = [k for k, c in monster.kwargs.items() if isinstance(c, IntConverter)]
    verdier = {}
    for k in ider:
        egne = profil.egne.get(art(monster, k), [])
        if not egne:
            return []
        verdier[k] = egne
    # every own object of one kind (the others fixed at the first), so each own person is visited
    resultat = [{k: v[0] for k, v in verdier.items()}]
    for k, v in verdier.items():
        resultat += [{**resultat[0], k: o} for o in v[1:]]
    return [s for r in resultat for s in _slugvarianter(monster, r)]


def klient(bruker) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(bruker)
    return c


def test_ingen_bruker_naar_en_annen_organisasjons_objekter(verden):
    monstre = url_monstre()
    lekkasjer: list[str] = []
    antall = 0
    urler = set()
    for navn, bruker in sorted(verden.brukere.items()):
        c = klient(bruker)
        for m in monstre:
            for kwargs in andres_kwargs(m, verden.profiler[navn]):
                url = reverse(m.navn, kwargs=kwargs)
                urler.add(url)
                for metode in ("GET", "POST"):
                    if (m.navn, metode) in UNNTAK:
                        continue
                    svar = c.get(url) if metode == "GET" else c.post(url)
                    antall += 1
                    if svar.status_code not in GODKJENT_STATUS:
                        hvor = f" → {svar['Location']}" if svar.status_code in (301, 302) else ""
                        lekkasjer.append(f"{navn:12} {metode:4} {url} [{m.navn}] {svar.status_code}{hvor}")
    print(
        f"\nTilgangsmatrise: {len(verden.brukere)} brukere × {len(urler)} URL-er med andres objekter "
        f"(av {len(monstre)} mønstre) × 2 metoder = {antall} forespørsler, {len(lekkasjer)} lekkasjer"
    )
    assert not lekkasjer, "Lekkasjer (forventet 404/405):\n" + "\n".join(lekkasjer)


def tekst(svar) -> str:
    """The response as text: PDFs through pdftotext, Excel cell by cell, everything else decoded."""
    type_ = svar.get("Content-Type", "")
    data = b"".join(svar.streaming_content) if svar.streaming else svar.content
    if "pdf" in type_:
        return pdftekst(data)
    if "spreadsheet" in type_:
        bok = load_workbook(io.BytesIO(data))
        return "\n".join(str(c) for ark in bok for rad in ark.iter_rows(values_only=True) for c in rad if c)
    return data.decode(errors="replace")


def egne_urler(monstre: list[Monster], profil: Profil, kanari: Person) -> list[str]:
    urler = []
    for m in monstre:
        for kwargs in egne_kwargs(m, profil):
            if (
                m.navn == "personer:utskrift"
                and kwargs["pk"] != kanari.pk
                and kanari.pk in profil.egne["person"]
            ):
                continue  # rendering PDFs is slow: the canary's own printouts are the ones that matter
            url = reverse(m.navn, kwargs=kwargs)
            urler.append(url)
            if "rapport" in m.navn:
                urler += [f"{url}?format=csv", f"{url}?format=xlsx"]
            if m.navn == "fordeling:liste":
                urler.append(f"{url}?alle")
            if m.navn == "mottak:samtale":  # the interview's sections are chosen by ?del=
                urler += [f"{url}?del={d}" for d in DELER]
            if m.navn == "personer:sok":
                urler += [f"{url}?q={kanari.etternavn}", f"{url}?q={kanari.duf_nummer}"]
    return urler


def test_kanarien_naar_ingen_mottak_eller_kommune_bare_imdi(verden):
    monstre = [m for m in url_monstre() if m.navn not in ("logout",)]
    funn: list[str] = []
    hentet = 0
    for navn in (
        "mottak",
        "mottakadmin",
        "kompass",
        "toten",
        "kommune",
        "kommunelese",
        "tromso",
        "kartlegger",
    ):
        c = klient(verden.brukere[navn])
        for url in egne_urler(monstre, verden.profiler[navn], verden.kanariperson):
            svar = c.get(url)
            if svar.status_code != 200:
                continue
            hentet += 1
            innhold = tekst(svar)
            funn += [f"{navn} {url}: {k}" for k in KANARIER if k in innhold]
    print(f"\nKanari: {hentet} sider/filer hentet med 200 av mottak- og kommunebrukere, {len(funn)} funn")
    assert hentet > 100, "the canary sweep reached too few pages to mean anything"
    assert not funn, "Kanarien lekker:\n" + "\n".join(funn)
    for k in KANARIER:  # «Send e-postvarsel til IMDi» names the person by DUF, never quoting the note
        assert not Epost.objects.filter(Q(emne__contains=k) | Q(tekst__contains=k)).exists(), k
    assert Epost.objects.filter(emne__contains="intern bosettingsmerknad").exists()

    # Positive control: IMDi reads both, on a page and in the printout.
    c = klient(verden.brukere["imdi"])
    imdi_funn = set()
    pk = verden.kanariperson.pk
    for url in [f"/personer/{pk}/bosetting/", f"/personer/{pk}/utskrift/kartleggingsinformasjon.pdf"]:
        svar = c.get(url)
        assert svar.status_code == 200, url
        innhold = tekst(svar)
        imdi_funn |= {(url, k) for k in KANARIER if k in innhold}
    assert len(imdi_funn) == 2 * len(KANARIER), f"IMDi skal se kanarien på siden og i utskriften: {imdi_funn}"


def test_anonyme_naar_bare_innlogging_og_selvregistrering(verden):
    c = Client(raise_request_exception=False)
    innlogging = reverse("login")
    profil = verden.profiler["bufetat"]  # every object counts as someone's
    funn: list[str] = []
    antall = 0
    for m in url_monstre():
        if m.navn in ANONYMT_TILLATT:
            continue
        kwargs_liste = andres_kwargs(m, profil) or _slugvarianter(m, {})
        for kwargs in kwargs_liste:
            url = reverse(m.navn, kwargs=kwargs)
            for metode in ("GET", "POST", "htmx"):
                if metode == "htmx":  # an htmx request gets HX-Redirect to the login page, no fragment
                    svar = c.get(url, headers={"HX-Request": "true"})
                    til_login = svar.status_code == 204 and svar.get("HX-Redirect", "").startswith(innlogging)
                else:
                    svar = c.get(url) if metode == "GET" else c.post(url)
                    til_login = svar.status_code == 302 and svar["Location"].startswith(innlogging)
                antall += 1
                if not (til_login or svar.status_code == 404):
                    hvor = f" → {svar['Location']}" if svar.status_code in (301, 302) else ""
                    funn.append(f"{metode:4} {url} [{m.navn}] {svar.status_code}{hvor}")
    print(f"\nAnonym: {antall} forespørsler, {len(funn)} nådd uten innlogging")
    assert not funn, "Nås uten innlogging:\n" + "\n".join(funn)


class _Menylenker(HTMLParser):
    """The links of the page's menus: the global menu, the left menu and the Arbeidsflate's shortcuts."""

    MENYER = {"hovedmeny", "venstremeny", "snarveier"}

    def __init__(self):
        super().__init__()
        self.dybde = 0  # open elements inside a menu
        self.lenker: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.dybde:
            self.dybde += 1
            if tag == "a" and attrs.get("href"):
                self.lenker.append(attrs["href"])
        elif set((attrs.get("class") or "").split()) & self.MENYER:
            self.dybde = 1

    def handle_endtag(self, tag):
        if self.dybde:
            self.dybde -= 1


def menylenker(html: str) -> list[str]:
    parser = _Menylenker()
    parser.feed(html)
    return parser.lenker


def test_hver_menylenke_aapnes_for_brukeren_som_ser_den(verden):
    """Every user (each role alone and the demo users) follows every menu link they see, from the
    Arbeidsflate and from each page a link leads to (its left menu): each opens (200, after the start pages'
    redirect). A link to a page that answers 404 is the defect «Tilgang» #5."""
    feil: list[str] = []
    fulgt = 0
    for navn, bruker in sorted(verden.brukere.items()):
        c = klient(bruker)
        sett, ko = set(), ["/"]
        while ko:
            url = ko.pop(0)
            if url in sett:
                continue
            sett.add(url)
            svar = c.get(url, follow=True)
            fulgt += 1
            if svar.status_code != 200:
                feil.append(f"{navn:40} {url} {svar.status_code}")
                continue
            if url.startswith("/admin/"):
                continue  # the admin's own navigation is tested in tests/test_admin.py
            ko += [lenke for lenke in menylenker(svar.content.decode()) if lenke.startswith("/")]
    print(f"\nMenylenker: {len(verden.brukere)} brukere, {fulgt} lenker fulgt, {len(feil)} feil")
    assert not feil, "Menylenker som ikke åpnes:\n" + "\n".join(feil)


# Pages that read one person's data (the person is the URL's): exactly one Innsynslogg line, for that person.
EN_PERSON = {
    "personer:grunndata",
    "personer:seksjon",
    "personer:hendelser",
    "personer:utskrift",
    "mottak:samtale",
    "kompetanse:kartlegging",
}
# Pages that read a list of named persons: at least one line (the world has persons there), one per person.
FLERE_PERSONER = {"kommune:rapport_bosatte", "fordeling:liste"}


def test_hver_lesing_av_persondata_logges_en_gang_per_person(verden):
    """Walks every own URL of every user (as the canary test does) and counts the Innsynslogg lines each
    successful GET wrote: one per person read, never two for the same person, for the person in the URL."""
    funn: list[str] = []
    sjekket = 0
    for navn in sorted(verden.brukere):
        if navn == "admin":
            continue
        c = klient(verden.brukere[navn])
        for m in url_monstre():
            if m.navn not in EN_PERSON | FLERE_PERSONER | {"dokument"}:
                continue
            for kwargs in egne_kwargs(m, verden.profiler[navn])[:3]:
                url = reverse(m.navn, kwargs=kwargs)
                for variant in [
                    url,
                    *([f"{url}?format=csv", f"{url}?format=xlsx"] if "rapport" in m.navn else []),
                ]:
                    foer = Innsynslogg.objects.count()
                    svar = c.get(variant)
                    if svar.status_code != 200:
                        continue
                    sjekket += 1
                    nye = list(
                        Innsynslogg.objects.order_by("-id")[: Innsynslogg.objects.count() - foer].values_list(
                            "person_id", "bruker_id"
                        )
                    )
                    personer = [p for p, _ in nye]
                    if len(personer) != len(set(personer)) or any(
                        b != verden.brukere[navn].pk for _, b in nye
                    ):
                        funn.append(f"{navn} {variant}: dobbelt eller feil bruker {nye}")
                    elif m.navn in EN_PERSON:
                        person = kwargs.get("pk", kwargs.get("person_id"))
                        if personer != [person]:
                            funn.append(f"{navn} {variant}: {personer}, forventet [{person}]")
                    elif not personer and m.navn != "dokument":
                        funn.append(f"{navn} {variant}: ingen innsynslogg")
    print(f"\nInnsynslogg: {sjekket} lesinger av persondata sjekket, {len(funn)} funn")
    assert sjekket > 50
    assert not funn, "Innsynsloggen:\n" + "\n".join(funn)


# The API's patterns any caller may open: its OpenAPI description and that description's page (no data), and
# django-ninja's root, which answers 404.
API_OFFENTLIG = {"api:openapi-json": 200, "api:openapi-view": 200, "api:api-root": 404}
# The inbox's endpoints (POST only) and the one scope that reaches each.
API_INNBOKS = {
    "api:innboks_udi": UDI_MELDINGER,
    "api:innboks_udi_parti": UDI_MELDINGER,
    "api:innboks_mot": MOT_MELDINGER,
    "api:innboks_mot_parti": MOT_MELDINGER,
}


def _api_token(organisasjon, omfang: str = KOMMUNE_PERSONER_LES) -> tuple[ApiKlient, str]:
    """A client of the organisation with the scope, and a token fetched with a signed assertion."""
    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    nokkel = ec.generate_private_key(ec.SECP256R1())
    offentlig = nokkel.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    klient = api_services.klient_lagre(
        av=None,
        klient=ApiKlient(
            navn=f"Fagsystem {organisasjon.navn}",
            organisasjon=organisasjon,
            offentlig_nokkel=offentlig.decode(),
            omfang=[omfang],
        ),
    )
    naa = int(timezone.now().timestamp())
    krav = {"iss": klient.klient_id, "aud": settings.API_UTSTEDER, "iat": naa, "exp": naa + 60}
    krav |= {"jti": klient.klient_id, "scope": omfang}
    verdi, _ = api_services.token_utsted(
        grant_type=api_services.GRANT_TYPE, assertion=jwt.encode(krav, nokkel, algorithm="ES256")
    )
    return klient, verdi


def api_monstre() -> list[tuple[str, URLPattern]]:
    (api,) = [
        m for m in get_resolver().url_patterns if isinstance(m, URLResolver) and str(m.pattern) == "api/"
    ]
    return [(f"api:{m.name}", m) for m in api.url_patterns]


def test_api_klienter_naar_bare_egne_personer_etter_aksept(verden):
    personer = list(Person.objects.select_related("bosettingssak").order_by("pk"))
    kommuner = Kommune.objects.filter(bosettingssaker__isnull=False).distinct()
    funn: list[str] = []
    antall = 0

    def sjekk(c: Client, url: str, metode: str, forventet: set[int], hvem: str, **hoder):
        nonlocal antall
        svar = c.get(url, headers=hoder) if metode == "GET" else c.post(url, headers=hoder)
        antall += 1
        if svar.status_code not in forventet:
            funn.append(f"{hvem:28} {metode:4} {url} {svar.status_code}, forventet {sorted(forventet)}")
        return svar

    anonym, okt = Client(raise_request_exception=False), klient(verden.brukere["kommune"])
    uten_omfang, uten_omfang_token = _api_token(Kommune.objects.get(nummer="1870"))
    uten_omfang.omfang = []  # IMDi took the scope away after the token was given
    uten_omfang.save()
    egne_klienter = {k.pk: _api_token(k)[1] for k in kommuner}
    imdi = Organisasjon.objects.get(type=Organisasjon.Type.IMDI)
    avsendere = {o: _api_token(imdi, o)[1] for o in (UDI_MELDINGER, MOT_MELDINGER)}
    for navn, m in api_monstre():
        if navn in API_OFFENTLIG:
            sjekk(anonym, reverse(navn), "GET", {API_OFFENTLIG[navn]}, "anonym")
            continue
        if navn == "api:token":
            continue  # the token endpoint is tested over HTTP in tests/integrasjon/test_token.py
        kwargs = {k for k in m.pattern.converters}
        if kwargs - {"person_id"}:
            pytest.fail(
                f"{navn}: ny kwarg {kwargs} — legg den til i API-radene i tests/test_tilgangsmatrise.py"
            )
        urler = [reverse(navn, kwargs={"person_id": p.pk}) for p in personer] if kwargs else [reverse(navn)]
        for url in urler[:5]:
            for metode in ("GET", "POST"):
                sjekk(anonym, url, metode, {401, 405}, "uten token")
                sjekk(okt, url, metode, {401, 405}, "innlogget bruker, ingen token")
                sjekk(
                    anonym,
                    url,
                    metode,
                    {403, 405},
                    "uten omfanget",
                    Authorization=f"Bearer {uten_omfang_token}",
                )
        if (
            navn in API_INNBOKS
        ):  # a kommune's client reaches no inbox, a sender only its own (422: an empty body)
            for k in kommuner:
                hoder = {"Authorization": f"Bearer {egne_klienter[k.pk]}"}
                sjekk(anonym, urler[0], "POST", {403}, f"klient {k.navn}", **hoder)
            for omfang, token in avsendere.items():
                forventet = {400} if API_INNBOKS[navn] == omfang else {403}
                sjekk(
                    anonym, urler[0], "POST", forventet, f"avsender {omfang}", Authorization=f"Bearer {token}"
                )
            continue
        for k in kommuner:
            hoder = {"Authorization": f"Bearer {egne_klienter[k.pk]}"}
            kommunens = {
                p.pk
                for p in personer
                if (sak := getattr(p, "bosettingssak", None)) is not None
                and sak.kommune_id == k.pk
                and sak.status in (Saksstatus.SOKT_UT, Saksstatus.BOSATT, Saksstatus.BOSETTINGSNEKT)
            }
            if kwargs:
                for p in personer:
                    url = reverse(navn, kwargs={"person_id": p.pk})
                    sjekk(
                        anonym, url, "GET", {200} if p.pk in kommunens else {404}, f"klient {k.navn}", **hoder
                    )
            else:
                sett, side = set(), 1
                while svar := sjekk(
                    anonym, f"{reverse(navn)}?side={side}", "GET", {200}, f"klient {k.navn}", **hoder
                ):
                    if svar.status_code != 200 or not svar.json()["personer"]:
                        break
                    sett |= {p["id"] for p in svar.json()["personer"]}
                    side += 1
                if sett != kommunens:
                    funn.append(f"klient {k.navn}: listen {sorted(sett)} ≠ {sorted(kommunens)}")
    print(f"\nAPI: {len(kommuner)} kommuneklienter, {antall} forespørsler, {len(funn)} funn")
    assert len(kommuner) >= 2 and antall > 2 * len(personer)
    assert not funn, "API-tilgang:\n" + "\n".join(funn)
