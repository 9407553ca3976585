from datetime import date, timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from imdinett.identitetsnummer import duf_formater, valider_duf, valider_fodselsnummer
from imdinett.uker import uke_tekst

from .samtalemodell import Bosettingssamtale  # noqa: F401 (Django finds the model here)

INTERVJUFRIST_DAGER = 14  # bosettingssamtalen innen 14 dager — seed 001 "Oppgaveliste", seed 003 §2.4


class Husstand(models.Model):
    """Persons to be settled together share a Reg-nr and are distributed as a whole."""

    reg_nr = models.CharField(
        "Reg-nummer",
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^\d{6,12}$", "Reg-nr er 6–12 siffer.")],
    )

    class Meta:
        verbose_name = "husstand"
        verbose_name_plural = "husstander"

    def __str__(self):
        return f"Reg-nr {self.reg_nr}"


class Person(models.Model):
    class Kjonn(models.TextChoices):
        KVINNE = "K", "Kvinne"
        MANN = "M", "Mann"

    class Persontype(models.TextChoices):
        ENSLIG_VOKSEN = "enslig_voksen", "Enslig voksen"
        FAMILIEMEDLEM = "familiemedlem", "Familiemedlem"
        ENSLIG_MINDREAARIG = "em", "Enslig mindreårig"
        EM_MED_FOLGEPERSON = "em_folgeperson", "Enslig mindreårig med følgeperson"
        FOLGEPERSON = "folgeperson", "Følgeperson"

    class Relasjon(models.TextChoices):
        FAR = "far", "Far"
        MOR = "mor", "Mor"
        DATTER = "datter", "Datter"
        SONN = "sonn", "Sønn"
        EKTEFELLE = "ektefelle", "Ektefelle/partner"
        BROR = "bror", "Bror"
        SOSTER = "soster", "Søster"
        ANNEN = "annen", "Annen slektning"

    class Beskyttelse(models.TextChoices):
        INDIVIDUELL = "individuell", "Individuell beskyttelse"
        KOLLEKTIV = "kollektiv", "Kollektiv beskyttelse"

    class Sakstype(models.TextChoices):
        MOTTAKSBEBOER = "mottaksbeboer", "Mottaksbeboer"
        OVERFORINGSFLYKTNING = "overforingsflyktning", "Overføringsflyktning"
        PRIVATBOENDE = "privatboende", "Privatboende"
        AMOT = "amot", "AMOT"
        INSTITUSJON = "institusjon", "Institusjon"

    class Plasstype(models.TextChoices):
        # The mottak's tables show the code (seed 001's Oppgaveliste); everywhere else the words (#19 no. 9).
        ORD = "ORD", "Ordinært mottak"
        EM = "EM", "EM-mottak"
        TILRETTELAGT = "TA", "Tilrettelagt avdeling"
        SAERSKILT_BO = "SBO", "Særskilt bo- og omsorgsløsning"
        SAERSKILT_PLEIE = "SPO", "Særskilt pleie- og omsorgsløsning"
        AKUTT = "AKUTT", "Akuttinnkvartering"

    duf_nummer = models.CharField("DUF-nummer", max_length=12, unique=True, validators=[valider_duf])
    fodselsnummer = models.CharField(
        "Fødselsnummer", max_length=11, unique=True, null=True, blank=True, validators=[valider_fodselsnummer]
    )
    fornavn = models.CharField("Fornavn", max_length=100)
    mellomnavn = models.CharField("Mellomnavn", max_length=100, blank=True)
    etternavn = models.CharField("Etternavn", max_length=100)
    fodselsdato = models.DateField("Fødselsdato")
    kjonn = models.CharField("Kjønn", max_length=1, choices=Kjonn.choices)
    statsborgerskap = models.CharField("Statsborgerskap", max_length=60)
    adresse = models.CharField(
        "Adresse", max_length=200, blank=True, help_text="For personer utenfor mottak."
    )
    persontype = models.CharField("Persontype", max_length=20, choices=Persontype.choices)
    relasjon = models.CharField("Relasjon", max_length=12, choices=Relasjon.choices, blank=True)
    husstand = models.ForeignKey(
        Husstand, verbose_name="Husstand", on_delete=models.PROTECT, related_name="personer"
    )
    beskyttelse = models.CharField("Beskyttelse", max_length=12, choices=Beskyttelse.choices)
    sakstype = models.CharField("Sakstype", max_length=25, choices=Sakstype.choices)
    mottak = models.ForeignKey(
        "organisasjoner.Mottak",
        verbose_name="Mottak",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="beboere",
    )
    plasstype = models.CharField("Plasstype", max_length=5, choices=Plasstype.choices, blank=True)

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "personer"
        ordering = ["etternavn", "fornavn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mottak__isnull=True) | ~Q(plasstype=""), name="person_mottak_har_plasstype"
            ),
        ]
        indexes = [models.Index(fields=["etternavn", "fornavn"])]

    def __str__(self):
        return f"{self.etternavn}, {self.fornavn} ({self.duf_formatert})"

    @property
    def navn(self) -> str:
        return " ".join(n for n in (self.fornavn, self.mellomnavn, self.etternavn) if n)

    @property
    def duf_formatert(self) -> str:
        return duf_formater(self.duf_nummer)

    def alder(self, idag: date | None = None) -> int:
        idag = idag or timezone.localdate()
        f = self.fodselsdato
        return idag.year - f.year - ((idag.month, idag.day) < (f.month, f.day))


class Bosettingssak(models.Model):
    """One person's settlement case. Change its status only through personer.services."""

    class Status(models.TextChoices):
        OPPRETTET = "opprettet", "Venter på bosettingssamtale"
        UNDER_KARTLEGGING = "under_kartlegging", "Under kartlegging"
        FORDELINGSKLAR = "fordelingsklar", "Fordelingsklar"
        FORDELT = "fordelt", "Fordelt"
        SOKT_UT = "sokt_ut", "Søkt ut"
        BOSATT = "bosatt", "Bosatt"
        BOSETTINGSNEKT = "bosettingsnekt", "Bosettingsnekt"
        AVSLUTTET = "avsluttet", "Avsluttet"

    class Avslutningsgrunn(models.TextChoices):
        SELVBOSATT = "selvbosatt", "Selvbosatt"
        UTREIST = "utreist", "Utreist"
        UTENFOR_MAALGRUPPEN = "utenfor_maalgruppen", "Ikke lenger i målgruppen"
        ANNET = "annet", "Annet"

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="bosettingssak")
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.OPPRETTET)
    opprettet = models.DateTimeField("Bosettingssak opprettet", default=timezone.now)
    frist = models.DateField("Frist for bosettingssamtale")
    fordelingsklar_fra = models.DateTimeField("Fordelingsklar fra", null=True, blank=True)
    kommune = models.ForeignKey(
        "organisasjoner.Kommune",
        verbose_name="Kommune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bosettingssaker",
    )
    forventet_uke = models.DateField(
        "Forventet bosettingsuke", null=True, blank=True, help_text="Mandagen i uka (ISO-uke)."
    )
    # Overføringsflyktninger: the window UDI and IOM can organise the journey in (seed 002).
    forste_mulige_uke = models.DateField(
        "Første mulige bosettingsuke", null=True, blank=True, help_text="Mandagen i uka (ISO-uke)."
    )
    siste_mulige_uke = models.DateField(
        "Siste mulige bosettingsuke", null=True, blank=True, help_text="Mandagen i uka (ISO-uke)."
    )
    bosettingsdato = models.DateField("Bosettingsdato", null=True, blank=True)
    avslutningsgrunn = models.CharField(
        "Avslutningsgrunn", max_length=25, choices=Avslutningsgrunn.choices, blank=True
    )
    endret = models.DateTimeField("Endret", auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "bosettingssak"
        verbose_name_plural = "bosettingssaker"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["fordelt", "sokt_ut", "bosatt", "bosettingsnekt"])
                | Q(kommune__isnull=False),
                name="sak_kommune_naar_fordelt",
            ),
            models.CheckConstraint(
                condition=~Q(status="bosatt") | Q(bosettingsdato__isnull=False), name="sak_bosatt_har_dato"
            ),
            models.CheckConstraint(
                condition=~Q(status="avsluttet") | ~Q(avslutningsgrunn=""), name="sak_avsluttet_har_grunn"
            ),
        ]
        indexes = [models.Index(fields=["status", "kommune"]), models.Index(fields=["status", "frist"])]

    def __str__(self):
        return f"Bosettingssak {self.person.duf_formatert}: {self.get_status_display()}"

    @staticmethod
    def frist_for(opprettet) -> date:
        return timezone.localdate(opprettet) + timedelta(days=INTERVJUFRIST_DAGER)

    @staticmethod
    def dager_igjen(frist: date, idag: date | None = None) -> int:
        """Days left until a deadline, negative once passed (the task lists' «(3 dager)»)."""
        return (frist - (idag or timezone.localdate())).days

    @property
    def forventet_uke_tekst(self) -> str:
        return uke_tekst(self.forventet_uke)

    @property
    def samtale_aapen(self) -> bool:
        """The bosettingssamtale may still be written (not yet completed: fordelingsklar or later)."""
        return self.status in SAMTALE_AAPEN

    @property
    def samtale_status(self) -> str:
        if not self.samtale_aapen:
            return "Ferdigstilt"
        return "Ikke startet" if self.status == self.Status.OPPRETTET else self.get_status_display()


SAMTALE_AAPEN = (Bosettingssak.Status.OPPRETTET, Bosettingssak.Status.UNDER_KARTLEGGING)


class Bosettingsmerknad(models.Model):
    """Visible to IMDi and to the kommune at distribution: nothing sensitive belongs here."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bosettingsmerknader")
    tekst = models.TextField("Personlig bosettingsmerknad")
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "bosettingsmerknad"
        verbose_name_plural = "bosettingsmerknader"
        ordering = ["opprettet"]

    def __str__(self):
        return self.tekst[:60]


class InternMerknad(models.Model):
    """Intern bosettingsmerknad: IMDi's eyes only, always."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interne_merknader")
    tittel = models.CharField("Tittel", max_length=200)
    melding = models.TextField("Melding")
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    imdi_varslet = models.DateTimeField("E-postvarsel sendt til IMDi", null=True, blank=True)

    class Meta:
        verbose_name = "intern bosettingsmerknad"
        verbose_name_plural = "interne bosettingsmerknader"
        ordering = ["opprettet"]

    def __str__(self):
        return self.tittel


class Behandler(models.Model):
    """Informasjon om behandler (special units): IMDi's eyes only, always."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="behandlere")
    navn = models.CharField("Navn", max_length=200)
    virksomhet = models.CharField("Virksomhet", max_length=200)
    adresse = models.CharField("Adresse", max_length=300, blank=True)
    telefon = models.CharField("Telefonnummer", max_length=20, blank=True)
    epost = models.EmailField("E-postadresse", blank=True)
    opprettet = models.DateTimeField("Opprettet", auto_now_add=True)

    class Meta:
        verbose_name = "behandler"
        verbose_name_plural = "behandlere"
        ordering = ["opprettet"]

    def __str__(self):
        return f"{self.navn} ({self.virksomhet})"


class Funksjonsrapport(models.Model):
    """Half-yearly function report for residents of særskilte bo-/pleie- og omsorgsløsninger
    (seed 003 §2.5.3)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="funksjonsrapporter")
    dato = models.DateField("Dato sendt")
    ingen_endring = models.BooleanField("Ingen endring siden forrige rapport", default=False)
    merknad = models.TextField("Merknad", blank=True)
    registrert = models.DateTimeField("Registrert", auto_now_add=True)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "funksjonsrapport"
        verbose_name_plural = "funksjonsrapporter"
        ordering = ["-dato"]

    def __str__(self):
        return f"Funksjonsrapport {self.dato:%d.%m.%Y}"


class Personliste(models.Model):
    """A user's own short list of persons on the dashboard (seed 002: at most 10)."""

    MAKS = 10

    bruker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personliste")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    lagt_til = models.DateTimeField("Lagt til", auto_now_add=True)

    class Meta:
        verbose_name = "personliste"
        verbose_name_plural = "personlister"
        ordering = ["lagt_til"]
        constraints = [models.UniqueConstraint(fields=["bruker", "person"], name="personliste_en_gang")]

    def __str__(self):
        return f"{self.bruker} – {self.person}"


class Bosettingsinformasjon(models.Model):
    """What IMDi registers for the settlement beyond the interview (seed 002 «Bosetting»,
    «Helseinformasjon», «Sosial informasjon»). Edited by IMDi in the admin; the kommune reads it
    in the person folder once it has accepted the person."""

    class Bindende(models.TextChoices):  # seed 002: binding for IMDi's choice of kommune
        EGEN_BOLIG = "egen_bolig", "Har skaffet egen bolig godkjent av kommunen"
        ARBEID = "arbeid", "Bekreftet arbeidskontrakt"
        STUDIE = "studie", "Bekreftet studieplass"
        AMOT = "amot", "Alternativt mottaksplassert (AMOT)"

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="bosettingsinformasjon")
    kontaktadresse = models.CharField("Kontaktadresse", max_length=300, blank=True)
    telefon = models.CharField("Telefonnummer", max_length=20, blank=True)
    epost = models.EmailField("E-postadresse", blank=True)
    bindende_type = models.CharField(
        "Bindende tilknytning", max_length=12, choices=Bindende.choices, blank=True
    )
    bindende_kommune = models.ForeignKey(
        "organisasjoner.Kommune",
        verbose_name="Bindende tilknytning til kommune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bindende_merknad = models.TextField("Merknad til bindende tilknytning", blank=True)
    veiledende_kommune = models.ForeignKey(
        "organisasjoner.Kommune",
        verbose_name="Veiledende tilknytning til kommune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    veiledende_merknad = models.TextField("Veiledende tilknytning", blank=True)
    familiebolig = models.TextField("Familiebolig", blank=True)
    familiemerknad = models.TextField("Familiemerknad", blank=True)
    tilknyttede_saker = models.TextField("Tilknyttede saker", blank=True)
    bofellesskap = models.TextField("Bofellesskap", blank=True)
    verge = models.TextField("Verge før bosetting", blank=True)
    folgeperson = models.TextField("Følgeperson", blank=True)
    helseinfo = models.TextField("Bosettingsrelevant helseinfo", blank=True)
    svangerskap = models.TextField("Svangerskap", blank=True)
    helsetilstand = models.TextField("Helsetilstand", blank=True)
    sosial_informasjon = models.TextField(
        "Sosial informasjon",
        blank=True,
        help_text="Bakgrunnsinformasjon fra IMDis intervju, normalt bare for overføringsflyktninger.",
    )
    endret = models.DateTimeField("Sist endret", auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "bosettingsinformasjon"
        verbose_name_plural = "bosettingsinformasjon"
        constraints = [
            models.CheckConstraint(
                condition=Q(bindende_type="") | Q(bindende_kommune__isnull=False),
                name="bindende_tilknytning_har_kommune",
                violation_error_message="Velg kommunen den bindende tilknytningen gjelder.",
            ),
        ]

    def __str__(self):
        return f"Bosettingsinformasjon {self.person.duf_formatert}"


class Karriereveiledning(models.Model):
    """The career counsellor's note from a conversation with the resident (seed 002
    «Karriereveiledning»). Registered by IMDi in the admin."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="karriereveiledninger")
    dato = models.DateField("Dato for samtalen")
    veileder = models.CharField("Karriereveileder", max_length=200)
    notat = models.TextField("Karriereveileders notat")
    registrert = models.DateTimeField("Registrert", auto_now_add=True)

    class Meta:
        verbose_name = "karriereveiledning"
        verbose_name_plural = "karriereveiledninger"
        ordering = ["-dato"]

    def __str__(self):
        return f"Karriereveiledning {self.dato:%d.%m.%Y}"


class Innsynslogg(models.Model):
    """Personvern: who opened which part of a person's folder or printout, and when."""

    tidspunkt = models.DateTimeField("Tidspunkt", auto_now_add=True)
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Bruker", on_delete=models.PROTECT, related_name="+"
    )
    organisasjon = models.ForeignKey(
        "organisasjoner.Organisasjon",
        verbose_name="Organisasjon",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(Person, verbose_name="Person", on_delete=models.PROTECT, related_name="innsyn")
    seksjon = models.CharField("Del av personmappen", max_length=60)

    class Meta:
        verbose_name = "innsynslogg"
        verbose_name_plural = "innsynslogg"
        ordering = ["-tidspunkt", "-id"]
        indexes = [
            models.Index(fields=["person", "-tidspunkt"], name="innsyn_person_tid"),
            models.Index(fields=["-tidspunkt", "-id"], name="innsyn_tid"),  # the admin's list, newest first
        ]

    def __str__(self):
        return f"{self.tidspunkt:%d.%m.%Y %H:%M} {self.seksjon}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Innsynsloggen kan ikke endres.")
        super().save(*args, **kwargs)
