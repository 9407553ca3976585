"""The settlement interview's answers (Bosettingssamtale), in a module of its own for length; Django finds the
model through personer.models, which imports it."""

from django.conf import settings
from django.db import models

JA_NEI = [(True, "Ja"), (False, "Nei")]
FRITEKST_MAKS = 4000  # every free-text answer of the interview, like a bosettingsmerknad


def ja_nei(sporsmaal: str) -> models.BooleanField:
    """A yes/no question, unanswered (None) until the interview answers it."""
    return models.BooleanField(sporsmaal, null=True, blank=True, choices=JA_NEI)


def fritekst(ledetekst: str) -> models.TextField:
    """A free-text answer; the form refuses more than FRITEKST_MAKS characters, also on autosave."""
    return models.TextField(ledetekst, max_length=FRITEKST_MAKS, blank=True)


class Bosettingssamtale(models.Model):
    """One person's settlement interview (seed 001 pp. 9–16, seed 003 §2.4, Vedlegg 5 and 6).

    Written only through mottak.services, which refuses every write once the case is completed.
    Fields are optional here; what is mandatory for completion is decided in personer.samtale.mangler.
    """

    class Tilknytningstype(models.TextChoices):
        NAER_FAMILIE = "naer_familie", "Nær familie"
        ANNEN_FAMILIE = "annen_familie", "Annen familie"
        VENNER = "venner", "Venner/bekjente"
        ANNET = "annet", "Annet"

    class Utdanningsnivaa(models.TextChoices):
        INGEN = "ingen", "Ingen formell utdanning"
        GRUNNSKOLE = "grunnskole", "Grunnskole"
        VIDEREGAAENDE = "videregaaende", "Videregående skole"
        FAGSKOLE = "fagskole", "Fagskole/yrkesutdanning"
        HOYERE = "hoyere", "Universitet eller høyskole"

    class Spraknivaa(models.TextChoices):
        INGEN = "ingen", "Ingen"
        LITT = "litt", "Litt"
        GODT = "godt", "Godt"
        SVAERT_GODT = "svaert_godt", "Svært godt"

    class KompassAarsak(models.TextChoices):  # seed 001 shows a list; its first answer is the seed's
        PLANER = "planer", "Jeg har planer om å gjennomføre registreringen"
        VERTSKOMMUNEN = "vertskommunen", "Venter på kompetansekartlegging i vertskommunen"
        IKKE_KODE = "ikke_kode", "Jeg har ikke fått kode til å logge inn"
        TRENGER_HJELP = "trenger_hjelp", "Jeg trenger tolk eller hjelp til å registrere"
        ONSKER_IKKE = "onsker_ikke", "Jeg ønsker ikke å registrere kompetansen min"
        ANNET = "annet", "Annen årsak"

    class Selvstendighet(models.TextChoices):
        LAV = "lav", "Trenger mye støtte og oppfølging"
        MIDDELS = "middels", "Trenger noe støtte og oppfølging"
        HOY = "hoy", "Klarer seg i stor grad selv"

    class Omsorgslosning(models.TextChoices):  # seed 003 Vedlegg 6 and §2.5.2
        FAMILIE = "familie", "Med familie"
        FOLGEPERSON = "folgeperson", "Med følgeperson"
        VERTSFAMILIE = "vertsfamilie", "Med vertsfamilie"
        SLEKT = "slekt", "Slektsplassering"
        FOSTERHJEM = "fosterhjem", "I fosterhjem"
        INSTITUSJON = "institusjon", "På institusjon med døgnbemanning"
        DOGNBEMANNET = "dognbemannet", "I bofellesskap med døgnbemanning"
        DELVIS = "delvis", "I bofellesskap med delvis bemanning eller ved behov"
        HYBEL = "hybel", "På hybel med oppfølging ved behov"

    person = models.OneToOneField("personer.Person", on_delete=models.PROTECT, related_name="samtale")
    # Kompetanse: the mottak's notes per theme, shown to the kommune at distribution
    merknad_sprak = fritekst("Merknader for språk (vises for kommunen ved fordeling)")
    merknad_yrke = fritekst("Merknader for yrke (vises for kommunen ved fordeling)")
    merknad_utdanning = fritekst("Merknader for utdanning (vises for kommunen ved fordeling)")
    merknad_andre_ferdigheter = fritekst("Merknader for andre ferdigheter (vises for kommunen ved fordeling)")
    merknad_interesser = fritekst("Merknader for interesser (vises for kommunen ved fordeling)")
    # Bosettingsinformasjon
    onsker_ikke_gi_info = models.BooleanField("Beboeren ønsker ikke å gi informasjon", default=False)
    kompass_aarsak = models.CharField(
        "Årsak til at registreringen i Kompass ikke er gjennomført",
        max_length=20,
        choices=KompassAarsak.choices,
        blank=True,
    )
    kompass_aarsak_merknad = fritekst("Utdyp årsaken")
    # Tilknytning til kommune (veiledende)
    har_venner_familie = ja_nei("Har du venner eller familie i Norge?")
    tilknytning_type = models.CharField(
        "Hvilken type tilknytning?", max_length=20, choices=Tilknytningstype.choices, blank=True
    )
    tilknytning_navn = models.CharField("Hva heter vedkommende?", max_length=200, blank=True)
    tilknytning_kontakt = models.CharField(
        "Kontaktinformasjon (adresse, telefon)?", max_length=300, blank=True
    )
    tilknytning_kommune = models.ForeignKey(
        "organisasjoner.Kommune",
        verbose_name="Vet du hvilken kommune vedkommende bor i?",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tilknytning_merknad = fritekst("Merknadsfelt")
    kjenner_flere = ja_nei("Kjenner du flere personer i Norge?")
    andre_forhold = ja_nei(
        "Er det andre forhold som gjør at du har tilhørighet til en kommune i Norge, som utdanning eller arbeid?"
    )
    andre_forhold_merknad = fritekst("Utdyp tilhørigheten (arbeid, utdanning)")
    # Bofellesskap
    bofellesskap = ja_nei("Kjenner du noen du kunne tenke deg å dele bolig med?")
    # Asked of every adult (IMDi's letter in seed 003: pets, driving licence and car are mandatory)
    kjaeledyr = ja_nei("Har du kjæledyr i Norge?")
    kjaeledyr_beskrivelse = models.CharField("Hvilke kjæledyr?", max_length=200, blank=True)
    forerkort = ja_nei("Har du førerkort?")
    forerkort_klasser = models.CharField("Førerkortklasser", max_length=60, blank=True)
    bil_i_norge = ja_nei("Har du bil i Norge?")
    engelsk = models.CharField("Engelskkunnskap", max_length=12, choices=Spraknivaa.choices, blank=True)
    andre_sprak = models.CharField("Andre språkkunnskaper", max_length=300, blank=True)
    # Kollektiv beskyttelse only: no competence mapping before settlement (seed 003 §2.5)
    hoyeste_utdanning = models.CharField(
        "Hva er den høyeste utdanningen du har oppnådd?",
        max_length=20,
        choices=Utdanningsnivaa.choices,
        blank=True,
    )
    utdanning_fagfelt = models.CharField("Innen hvilke fagfelt?", max_length=200, blank=True)
    siste_yrke = models.CharField(
        "Hva var det siste yrket du hadde i hjemlandet ditt?", max_length=200, blank=True
    )
    # Tilretteleggingsbehov: Særlig hensyn (Vedlegg 5): facts, never diagnoses
    saerlig_hensyn = ja_nei("Har du behov for spesiell tilrettelegging ved bosetting?")
    saerlig_hensyn_beskrivelse = fritekst("Utfyllende opplysninger")
    # Enslige mindreårige (seed 003 §2.5.2, Vedlegg 6)
    em_familie_i_norge = fritekst("Familie i Norge (navn og adresse)")
    em_utdanning = fritekst("Utdanning i hjemlandet")
    em_selvstendighet = models.CharField(
        "Selvstendighetsgrad", max_length=10, choices=Selvstendighet.choices, blank=True
    )
    em_selvstendighet_begrunnelse = fritekst("Begrunn valgt grad av selvstendighet")
    em_omsorgslosning = models.CharField(
        "Asylmottakets anbefaling til bo- og omsorgsløsning",
        max_length=15,
        choices=Omsorgslosning.choices,
        blank=True,
    )
    em_omsorgslosning_begrunnelse = fritekst("Begrunn anbefalingen")
    em_saerlige_behov = fritekst(
        "Behov for tilrettelegging, for eksempel oppfølging av BUP i spesialhelsetjenesten"
    )
    # Enslige mindreårige med følgeperson: the questions of seed 003 §2.5.2, then the mottak's summary
    folgeperson_relasjon = fritekst(
        "Hvordan kjenner du og følgepersonen hverandre? Er dere i slekt med hverandre?"
    )
    folgeperson_har_det_bra = ja_nei("Har du det bra sammen med følgepersonen?")
    folgeperson_gjor_sammen = fritekst("Hva gjør dere sammen?")
    folgeperson_trenger_hjelp = ja_nei(
        "Er det noe du trenger hjelp til, som følgepersonen ikke kan hjelpe deg med?"
    )
    folgeperson_hjelp = fritekst("Hva trenger du hjelp til?")
    folgeperson_trygg = ja_nei("Er du trygg sammen med følgepersonen?")
    folgeperson_redd = ja_nei("Har følgepersonen noen gang gjort noe som har gjort deg redd eller lei deg?")
    folgeperson_bo_sammen = ja_nei("Ønsker du å fortsette å bo sammen med følgepersonen?")
    folgeperson_bo_sammen_grunn = fritekst("Kan du fortelle litt om grunnen til det?")
    folgeperson_vurdering = fritekst(
        "Vurdering av samspillet og tilknytningen mellom følgepersonen og den enslige mindreårige"
    )
    endret = models.DateTimeField("Sist lagret", auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "bosettingssamtale"
        verbose_name_plural = "bosettingssamtaler"

    def __str__(self):
        return f"Bosettingssamtale {self.person.duf_formatert}"
