from datetime import date, timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .validators import duf_formater, valider_duf, valider_fodselsnummer

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
        ORD = "ORD", "ORD"
        EM = "EM", "EM"
        TILRETTELAGT = "TA", "Tilrettelagt avdeling"
        SAERSKILT_BO = "SBO", "Særskilt bo- og omsorgsløsning"
        SAERSKILT_PLEIE = "SPO", "Særskilt pleie- og omsorgsløsning"
        AKUTT = "AKUTT", "Akutt"

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

    @property
    def forventet_uke_tekst(self) -> str:
        if not self.forventet_uke:
            return ""
        aar, uke, _ = self.forventet_uke.isocalendar()
        return f"uke {uke} {aar}"
