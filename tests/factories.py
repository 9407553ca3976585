import itertools
from datetime import date

import factory
from django.contrib.auth.hashers import make_password
from django.db.models.signals import post_save

from imdinett.identitetsnummer import duf_kontrollsiffer
from imdinett.organisasjoner.models import Bruker, Kommune, Mottak, Organisasjon
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.services import bruker_sett_roller
from imdinett.personer.models import Husstand, Person

_duf = itertools.count(500_000)


def gyldig_duf() -> str:
    forste = f"2025{next(_duf):06d}"
    return forste + duf_kontrollsiffer(forste)


class KommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kommune
        django_get_or_create = ["nummer"]

    nummer = factory.Sequence(lambda n: f"{9000 + n}")
    navn = factory.Sequence(lambda n: f"Testkommune {n}")
    fylkesnummer = "99"
    fylke = "Testfylke"


class MottakFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mottak

    navn = factory.Sequence(lambda n: f"Testmottak {n}")
    imdi_kode = factory.Sequence(lambda n: f"T{n:04d}")
    udi_mot_id = factory.Sequence(lambda n: f"MOTT{n:05d}")
    kategori = Mottak.Kategori.ORDINAERT
    vertskommune = factory.SubFactory(KommuneFactory)
    epost = factory.Sequence(lambda n: f"mottak{n}@example.org")


# Not the demo password: that is refused when DEBUG is off, as in the tests (imdinett/organisasjoner/forms.py).
TESTPASSORD = "test-passord-7Q4Z"


class OrganisasjonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisasjon
        django_get_or_create = ["type"]

    navn = "IMDi"
    type = Organisasjon.Type.IMDI


@factory.django.mute_signals(post_save)
class BrukerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bruker
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Bruker {n}")
    email = factory.LazyAttribute(lambda b: f"{b.username}@example.org")
    password = factory.LazyFunction(lambda: make_password(TESTPASSORD))

    @factory.post_generation
    def roller(self, create, roller: set[Rolle] | None, **kwargs):
        if create and roller:
            bruker_sett_roller(av=_systembruker(), bruker=self, roller=set(roller))


def _systembruker() -> Bruker:
    bruker, _ = Bruker.objects.get_or_create(username="system", defaults={"is_superuser": True})
    return bruker


class HusstandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Husstand

    reg_nr = factory.Sequence(lambda n: f"7{n:08d}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    duf_nummer = factory.LazyFunction(gyldig_duf)
    fornavn = "Amina"
    etternavn = factory.Sequence(lambda n: f"Testesen{n}")
    fodselsdato = date(1990, 5, 17)
    kjonn = Person.Kjonn.KVINNE
    statsborgerskap = "Syria"
    persontype = Person.Persontype.ENSLIG_VOKSEN
    husstand = factory.SubFactory(HusstandFactory)
    beskyttelse = Person.Beskyttelse.INDIVIDUELL
    sakstype = Person.Sakstype.MOTTAKSBEBOER
    mottak = factory.SubFactory(MottakFactory)
    plasstype = Person.Plasstype.ORD
