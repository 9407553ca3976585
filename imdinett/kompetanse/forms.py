"""The competence forms: one for the registration's own fields and one per structured row. The
interviewer's form carries the built-in guidance (seed 000); the resident's form asks the same in
plain language, in the language the resident chose (sprak.py)."""

import uuid
from copy import copy

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator

from imdinett.skjema import DsSkjema, ja_nei_felt

from .models import Arbeidserfaring, Kompetanseregistrering, Nivaa, Sprakferdighet, Utdanning
from .sprak import NB, Tekster, tekster

# Guidance behind the «?» of each field, so every interviewer works the same way (seed 000). The five levels
# (Nivaa) are one scale; what each level means is said per skill (#19 no. 6: numeracy and digital skills are
# not described in words of language). The seeds give no level texts for these two; these are IMDinett's.
SPRAKNIVAA = (
    "Dårlig: forstår og bruker noen enkle ord og uttrykk. Hverken godt eller dårlig: klarer seg i "
    "enkle, kjente situasjoner. Godt: kan delta i samtaler om kjente emner, lese og skrive enkle tekster. "
    "Svært godt: bruker språket sikkert i arbeid eller utdanning. Ukjent: ikke vurdert."
)
REGNENIVAA = (
    "Dårlig: kjenner igjen tall og kan telle, men regner lite selv. Hverken godt eller dårlig: klarer "
    "pluss, minus, gange og dele med hele tall, og kan handle og betale. Godt: regner med brøk, prosent og "
    "mål, for eksempel i et budsjett eller en oppskrift. Svært godt: bruker regning sikkert i arbeid eller "
    "utdanning, for eksempel regnskap, måling eller beregninger. Ukjent: ikke vurdert."
)
DIGITALNIVAA = (
    "Dårlig: bruker mobilen til å ringe og til tale- eller bildemeldinger, lite annet. Hverken godt eller "
    "dårlig: sender meldinger og bruker noen apper, men trenger hjelp med nye. Godt: bruker e-post, nettsider "
    "og skjema på nett på egen hånd, for eksempel bank og offentlige tjenester. Svært godt: bruker PC og "
    "digitale verktøy sikkert i arbeid eller utdanning. Ukjent: ikke vurdert."
)
VEILEDNING = {
    "gjennomforing": "Kartleggingen skal være et intervju. Bruk kvalifisert tolk når dere ikke har et felles "
    "språk dere begge behersker godt. Forklar først hvorfor kompetansen kartlegges: bosettingskommunen bruker "
    "opplysningene til å planlegge introduksjonsprogrammet.",
    "sprak": "Registrer morsmålet først, deretter alle andre språk personen kan, også engelsk og norsk. "
    "Still åpne spørsmål om hvor personen har brukt språket (hjemme, skole, arbeid). " + SPRAKNIVAA,
    "utdanning": "Registrer all utdanning personen har påbegynt, også ufullført. Spør om antall år, land og om "
    "personen har vitnemål eller annen dokumentasjon (også på telefonen eller hos familie).",
    "arbeid": "Registrer lønnet og ulønnet arbeid, også eget firma og arbeid i familiebedrift. Spør om "
    "arbeidsoppgaver, ikke bare tittel: tittelen kan bety noe annet i Norge.",
    "ingen_arbeidserfaring": "Kryss av bare når personen aldri har arbeidet, heller ikke ulønnet.",
    "yrkesonsker": "Hva ønsker personen å jobbe med i Norge? Skriv ett ønske per linje, gjerne med begrunnelse.",
    "forerkort": "Førerkort fra hjemlandet må som regel byttes eller tas på nytt i Norge; registrer likevel.",
    "regneferdigheter": "Vurder hverdagsregning: penger, mål og enkle beregninger. " + REGNENIVAA,
    "digitale_ferdigheter": "Vurder bruk av mobil, e-post, nettsider og skjema på nett. " + DIGITALNIVAA,
    "andre_ferdigheter": "Uformell kompetanse: håndverk, omsorg, frivillig arbeid, ledererfaring, sertifikater.",
    "interesser": "Fritidsinteresser og hva personen gjerne vil lære. Nyttig for kommunens oppfølging.",
    "merknader": "Fritekst for nyanser som ikke passer i feltene over. Ikke skriv helseopplysninger her.",
}

SPRAKLISTE = [
    "Amharisk", "Arabisk", "Dari", "Engelsk", "Fransk", "Kurdisk (kurmanji)", "Kurdisk (sorani)", "Norsk",
    "Oromo", "Pashto", "Persisk (farsi)", "Russisk", "Somali", "Spansk", "Swahili", "Tigrinja", "Tyrkisk",
    "Ukrainsk", "Urdu",
]  # fmt: skip


class _Kompetanseskjema(DsSkjema, forms.ModelForm):
    """Everything optional while saving; completion asks for what is mandatory (selectors.mangler).
    Each field points at its error message, which the autosave fills in place."""

    feil_id = "feil-{}"

    def __init__(self, *args, sprak: str | None = None, **kwargs):
        """`sprak`: the resident's form in that language (sprak.py); None: the interviewer's, with guidance."""
        super().__init__(*args, **kwargs)
        tekst = tekster(sprak or NB)
        for navn, felt in self.fields.items():
            felt.required = False
            felt.widget.attrs["aria-describedby"] = self.feil_id.format(self.add_prefix(navn))
            if isinstance(felt.widget, forms.Textarea):
                felt.widget.attrs["rows"] = 2 if sprak else 3
            if isinstance(felt, forms.IntegerField):
                felt.error_messages["invalid"] = tekst["feil_heltall"]
            if sprak:
                if isinstance(felt, forms.IntegerField):  # the model's limit, checked (and said) by the form
                    modellfelt = self._meta.model._meta.get_field(navn)
                    felt.validators += [v for v in modellfelt.validators if isinstance(v, MaxValueValidator)]
                _paa_sprak(navn, felt, tekst)
            else:
                felt.help_text = VEILEDNING.get(navn, "")
                if isinstance(felt, forms.TypedChoiceField) and felt.choices and felt.choices[0][0] == "":
                    felt.choices = [("", "Velg"), *felt.choices[1:]]


# The resident's choices, by field: catalogue key prefix of each value (levels and yes/no are shared).
VALGNOKLER = {"nivaa": "utd_", "dokumentasjon": "dok_"}


def _paa_sprak(navn: str, felt: forms.Field, tekst: Tekster) -> None:
    """Label, choices and messages of one field of the resident's form from the catalogue. A level starts
    at «Vet ikke» (no empty choice): a level left alone is unknown."""
    felt.label = tekst[f"felt_{navn}"]
    felt.error_messages["invalid_choice"] = tekst["feil_valg"]
    valg = list(getattr(felt, "choices", None) or [])
    if valg and valg[-1][0] == Nivaa.SVAERT_GODT:
        felt.choices = [(n, tekst[f"nivaa_{n}"]) for n in Nivaa.values]
    elif valg:
        ja_nei = {"": "velg", "True": "ja", "False": "nei"}
        felt.choices = [
            (v, tekst[ja_nei[str(v)]] if str(v) in ja_nei else tekst[VALGNOKLER[navn] + v]) for v, _ in valg
        ]
    valideringsmeldinger(felt, tekst)


def valideringsmeldinger(felt: forms.Field, tekst: Tekster) -> None:
    """The field's limits say what to write, in the catalogue's words: «a number from 0 to 30», «at most
    120 characters»."""
    grenser = [v.limit_value for v in felt.validators if isinstance(v, MaxValueValidator)]
    validators = []
    for v in felt.validators:  # copies: the model field's validators are shared by every form
        if grenser and isinstance(v, MinValueValidator | MaxValueValidator):
            v = copy(v)
            v.message = tekst["feil_maks"].format(maks=min(grenser))
        elif isinstance(v, MaxLengthValidator):
            v = copy(v)
            v.message = tekst["feil_lengde"].format(maks=v.limit_value)
        validators.append(v)
    felt.validators = validators


def _ja_nei(modellfelt, **kwargs):
    """Yes/no questions as radio buttons; other fields as the model says."""
    if modellfelt.get_internal_type() == "BooleanField" and modellfelt.choices:
        return ja_nei_felt(modellfelt.verbose_name)
    return modellfelt.formfield(**kwargs)


# The form's sections with rows: type, heading, «Legg til» button, the section's free-text fields.
DELER = [
    ("sprak", "Språk", "Legg til språk", ["merknad_sprak"]),
    ("utdanning", "Utdanning", "Legg til utdanning", ["merknad_utdanning"]),
    ("arbeid", "Yrke", "Legg til arbeidserfaring", ["ingen_arbeidserfaring", "yrkesonsker", "merknad_yrke"]),
]
ANDRE = [
    "forerkort",
    "forerkort_klasser",
    "forerkort_land",
    "regneferdigheter",
    "digitale_ferdigheter",
    "andre_ferdigheter",
    "merknad_andre_ferdigheter",
]
# The interviewer's form: how it was done, the sections' own fields, other skills, interests.
KARTLEGGINGSFELT = [
    "gjennomforing",
    "tolkesprak",
    *(felt for *_, deler in DELER for felt in deler),
    *ANDRE,
    "interesser",
    "merknad_interesser",
]
SELVREG_FELT = [
    "yrkesonsker",
    "forerkort",
    "forerkort_klasser",
    "regneferdigheter",
    "digitale_ferdigheter",
    "andre_ferdigheter",
    "interesser",
]


def registreringsskjema(felt: list[str], instance, data=None, *, sprak: str | None = None):
    klasse = forms.modelform_factory(
        Kompetanseregistrering, form=_Kompetanseskjema, fields=felt, formfield_callback=_ja_nei
    )
    return klasse(data, instance=instance, sprak=sprak)


class _Radskjema(_Kompetanseskjema):
    """One structured row. `nokkel` keeps the row's identity across autosaves; an empty row is skipped."""

    fjern = forms.BooleanField(label="Fjern raden", required=False)
    hovedfelt = ""  # the field that makes the row a row

    def __init__(self, *args, sprak: str | None = None, **kwargs):
        super().__init__(*args, sprak=sprak, **kwargs)
        self.sprak = sprak
        for felt in self.fields.values():
            felt.help_text = ""  # the guidance stands once, at the section

    def er_tom(self) -> bool:
        """Nothing typed: every field empty, levels at «Ukjent» (a tick for morsmål alone is no row)."""
        return all(
            (self.data.get(self.add_prefix(navn)) or "").strip() in ("", Nivaa.UKJENT)
            for navn, felt in self.fields.items()
            if not isinstance(felt, forms.BooleanField)
        )

    def clean(self):
        data = super().clean()
        if not self.er_tom() and not data.get("fjern") and not data.get(self.hovedfelt):
            self.add_error(self.hovedfelt, tekster(self.sprak or NB)["feil_hovedfelt"])
        for navn in ("tale", "lese", "skrive"):  # a level not sent is unknown, not empty
            if navn in self.fields and not data.get(navn):
                data[navn] = Nivaa.UKJENT
        return data


class SprakSkjema(_Radskjema):
    hovedfelt = "sprak"

    class Meta:
        model = Sprakferdighet
        fields = ["sprak", "morsmaal", "tale", "lese", "skrive"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sprak"].widget.attrs["list"] = "spraklisten"


class UtdanningSkjema(_Radskjema):
    hovedfelt = "nivaa"

    class Meta:
        model = Utdanning
        fields = ["nivaa", "fagfelt", "antall_aar", "land", "fullfort", "dokumentasjon"]


class ArbeidSkjema(_Radskjema):
    hovedfelt = "yrke"

    class Meta:
        model = Arbeidserfaring
        fields = ["yrke", "antall_aar", "land", "beskrivelse"]


RADTYPER = {"sprak": SprakSkjema, "utdanning": UtdanningSkjema, "arbeid": ArbeidSkjema}
RADNAVN = {"sprak": "Språk", "utdanning": "Utdanning", "arbeid": "Arbeidserfaring"}


class Rader:
    """The rows of one type in one form: the saved rows and `tomme` empty ones, or what was posted.
    Each row is prefixed by its key; the list of keys travels in a hidden field named after the type."""

    def __init__(self, type_: str, eksisterende, data=None, *, tomme: int = 1, sprak: str | None = None):
        self.type = type_
        klasse = RADTYPER[type_]
        if data is not None:
            nokler = [n for n in data.getlist(type_) if _er_uuid(n)]
        else:
            nokler = [str(r.nokkel) for r in eksisterende] + [str(uuid.uuid4()) for _ in range(tomme)]
        lagret = {str(r.nokkel): r for r in eksisterende}
        self.skjemaer = [
            klasse(data, instance=lagret.get(n), prefix=f"{type_}-{n}", sprak=sprak) for n in nokler
        ]
        for nr, (skjema, nokkel) in enumerate(zip(self.skjemaer, nokler, strict=True), start=1):
            skjema.nokkel, skjema.type = nokkel, type_
            skjema.radtittel = f"{RADNAVN[type_]} {nr}"

    def __iter__(self):
        return iter(self.skjemaer)

    def er_gyldige(self) -> bool:
        return all(s.is_valid() for s in self.skjemaer)

    def endringer(self) -> list[tuple[str, dict | None]]:
        """(key, values) for valid rows to save, (key, None) for rows to delete; invalid rows are left
        as they are saved, with their message at the field."""
        ut = []
        for s in self.skjemaer:
            if not s.is_valid():
                continue
            data = dict(s.cleaned_data)
            if data.pop("fjern") or s.er_tom():
                ut.append((s.nokkel, None))
            else:
                ut.append((s.nokkel, data))
        return ut


def _er_uuid(tekst: str) -> bool:
    try:
        uuid.UUID(tekst)
    except ValueError:
        return False
    return True


class InnloggingSkjema(DsSkjema, forms.Form):
    """The resident's login, in the language chosen on the page."""

    duf = forms.CharField(max_length=20)
    kode = forms.CharField(max_length=20)

    def __init__(self, *args, sprak: str = NB, **kwargs):
        super().__init__(*args, **kwargs)
        t = tekster(sprak)
        for navn, felt in self.fields.items():
            felt.label, felt.help_text = t[navn], t[f"{navn}_hjelp"]
            felt.error_messages["required"] = t[f"{navn}_mangler"]
            valideringsmeldinger(felt, t)
        self.fields["duf"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["kode"].widget.attrs.update(autocomplete="one-time-code", autocapitalize="characters")

    def clean_duf(self):
        return "".join(self.cleaned_data["duf"].split())

    def clean_kode(self):
        return self.cleaned_data["kode"].replace("-", "").replace(" ", "").upper()


class DufSokSkjema(DsSkjema, forms.Form):
    duf = forms.CharField(label="DUF-nummer", max_length=20)
