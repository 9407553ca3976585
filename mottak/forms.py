from django import forms
from django.forms import modelform_factory

from imdinett.organisasjoner.models import Kommune, Kontaktperson
from imdinett.personer.models import Behandler, Bosettingssamtale, Funksjonsrapport, Person
from imdinett.personer.samtale import FOLGEPERSON_FELT, PRAKTISK_FELT, er_em, er_voksen_eller_em
from imdinett.skjema import DsSkjema, ja_nei_felt

# The interview's sections and their fields (seed 001 pp. 9–16). Kompetanse has one note per theme.
KOMPETANSE = {
    "sprak": ("Språk", "merknad_sprak"),
    "yrke": ("Yrke", "merknad_yrke"),
    "utdanning": ("Utdanning", "merknad_utdanning"),
    "andre_ferdigheter": ("Andre ferdigheter", "merknad_andre_ferdigheter"),
    "interesser": ("Interesser", "merknad_interesser"),
}
DELER = {
    **{k: v[0] for k, v in KOMPETANSE.items()},
    "bosettingsinformasjon": "Bosettingsinformasjon",
    "tilretteleggingsbehov": "Tilretteleggingsbehov",
}

# Guidance behind the "?" on each field: seed 001 and seed 003 (§2.4–2.5, Vedlegg 5 and 6).
VEILEDNING = {
    "kompass_aarsak": "Det er en målsetning at alle over 16 år skal selvregistrere sin kompetanse. Du har ikke "
    "registrert din kompetanse gjennom Kompass. Hva er årsaken til dette?",
    "kompass_aarsak_merknad": "Obligatorisk når årsaken er «Annen årsak». Ellers kan du utdype årsaken her, for "
    "eksempel når kartleggingen er avtalt.",
    "har_venner_familie": "Hvis personen har nær familie i Norge eller annen tilknytning til en spesiell kommune, "
    "registreres det her. Det er viktig at type relasjon og kontaktinformasjon fylles ut.",
    "tilknytning_merknad": "Her bør type tilknytning utdypes.",
    "andre_forhold": "Hvis personen har arbeid (eller tilbud om arbeid) eller et konkret utdanningstilbud, må "
    "utfyllende informasjon om dette legges inn i merknadsfeltet.",
    "bofellesskap": "Dersom du er enslig, er det en mulighet for at du bosettes sammen med andre enslige.",
    "kjaeledyr": "Spørsmålene om kjæledyr, førerkort og bil er obligatoriske for alle voksne: kommunen trenger "
    "svarene for å tildele riktig bolig.",
    "engelsk": "Det er obligatorisk å registrere engelskkunnskap for personer med kollektiv beskyttelse.",
    "saerlig_hensyn": "Huk bare av for den personen i familien som har behovet. Relevant er forhold som påvirker "
    "beboeren i det daglige, for eksempel at hen ikke kan gå i trapper, er døv eller har jevnlig behov for "
    "hjemmetjenester.",
    "saerlig_hensyn_beskrivelse": "Registrer faktaopplysninger knyttet til det særlige hensynet: hva beboeren "
    "trenger av tilrettelegging i bolig og i kommunen. Ikke legg inn diagnoser, rene helseopplysninger eller "
    "epikriser (NB! Ikke legg inn sensitiv informasjon i dette feltet).",
    "em_selvstendighet_begrunnelse": "Beskriv vurderingene som ligger til grunn for valgt grad av "
    "selvstendighet: døgnrytme, hva den enslige mindreårige klarer selv og trenger hjelp til, skole.",
    "em_omsorgslosning_begrunnelse": "Beskriv vurderingene som ligger til grunn for den valgte bo- og "
    "omsorgsløsningen. Hvis det er valgt fosterhjem, beskriv hvorfor fosterhjem er valgt fremfor bofellesskap "
    "med døgnbemanning.",
    "folgeperson_relasjon": "Hvis dere ikke er i slekt: hvor lenge har dere kjent hverandre? Hvor traff dere "
    "hverandre?",
    "folgeperson_redd": "Ikke skriv detaljer her. Hvis svaret er ja, registrer det som intern bosettingsmerknad "
    "til IMDi.",
    "folgeperson_vurdering": "Snakk også med ansatte som har observert relasjonen: hvordan fungerer samhandlingen, "
    "for eksempel sosialt, ved måltider, i fellesrom og ved oppfølging av skole og helse? Beskriv observasjoner og "
    "vurderinger av samspillet og tilknytningen, om dere anbefaler at den enslige mindreårige bosettes sammen med "
    "følgepersonen, og hva den enslige mindreårige selv har gitt uttrykk for.",
    "onsker_ikke_gi_info": "Det er frivillig for beboerne å gi opplysningene. Beboeren har ikke plikt til å oppgi "
    "en begrunnelse.",
}


def _felt(modellfelt, **kwargs):
    """Yes/no questions as radio buttons; everything optional while saving (mandatory at Ferdigstill)."""
    if modellfelt.get_internal_type() == "BooleanField" and modellfelt.choices:
        return ja_nei_felt(modellfelt.verbose_name)
    felt = modellfelt.formfield(**kwargs)
    felt.required = False
    if modellfelt.choices and modellfelt.get_internal_type() == "CharField":
        felt.choices = [("", "Velg")] + list(modellfelt.choices)
    if modellfelt.name == "tilknytning_kommune":
        felt.empty_label = "Velg kommune"
        felt.queryset = Kommune.objects.order_by("navn")
    return felt


class SamtaleSkjema(DsSkjema, forms.ModelForm):
    """One section of the interview; `grupper` are its fields under the seeds' headings."""

    feil_id = "feil-{}"

    class Meta:
        model = Bosettingssamtale
        fields: list[str] = []

    def __init__(self, *args, grupper: list[tuple[str, list[str]]], **kwargs):
        super().__init__(*args, **kwargs)
        for navn, felt in self.fields.items():
            felt.help_text = VEILEDNING.get(navn, "")
            felt.widget.attrs["aria-describedby"] = self.feil_id.format(navn)
            if isinstance(felt.widget, forms.Textarea):
                felt.widget.attrs["rows"] = 3
        self.grupper = [(overskrift, [self[navn] for navn in felter]) for overskrift, felter in grupper]


def grupper_for(del_: str, person: Person) -> list[tuple[str, list[str]]]:
    """A section's fields for this person under their headings (seed 001 pp. 11–15, seed 003 §2.5 and
    Vedlegg 6); "" is no heading. Who is asked what: docs/beslutninger.md, the same as `mangler`."""
    if del_ in KOMPETANSE:
        return [("", [KOMPETANSE[del_][1]])]
    if del_ == "tilretteleggingsbehov":
        return [("Særlig hensyn", ["saerlig_hensyn", "saerlig_hensyn_beskrivelse"])]
    forst = ["onsker_ikke_gi_info"]
    if not er_voksen_eller_em(person):
        return [("", forst)]
    kollektiv = person.beskyttelse == Person.Beskyttelse.KOLLEKTIV
    if person.alder() >= 16 and not kollektiv:  # kollektiv beskyttelse is mapped after settlement (seed 003)
        forst += ["kompass_aarsak", "kompass_aarsak_merknad"]
    grupper = [
        ("", forst),
        (
            "Tilknytning til kommune (veiledende)",
            [
                "har_venner_familie",
                "tilknytning_type",
                "tilknytning_navn",
                "tilknytning_kontakt",
                "tilknytning_kommune",
                "tilknytning_merknad",
                "kjenner_flere",
                "andre_forhold",
                "andre_forhold_merknad",
            ],
        ),
    ]
    if person.persontype == Person.Persontype.ENSLIG_VOKSEN:
        grupper.append(("Bofellesskap", ["bofellesskap"]))
    if person.alder() >= 18:
        grupper.append(("Kjæledyr, førerkort og bil", list(PRAKTISK_FELT)))
        if kollektiv:
            grupper.append(("Utdanning og yrke", ["hoyeste_utdanning", "utdanning_fagfelt", "siste_yrke"]))
        grupper.append(("Språkkunnskaper", ["engelsk", "andre_sprak"]))
    if er_em(person):
        # Vedlegg 6's headings; «Behov for tilrettelegging» closes Bo- og omsorgsløsning (seed 003 §2.5.2)
        grupper += [
            ("Familie og utdanning", ["em_familie_i_norge", "em_utdanning"]),
            ("Selvstendighet", ["em_selvstendighet", "em_selvstendighet_begrunnelse"]),
            (
                "Bo- og omsorgsløsning",
                ["em_omsorgslosning", "em_omsorgslosning_begrunnelse", "em_saerlige_behov"],
            ),
        ]
    if person.persontype == Person.Persontype.EM_MED_FOLGEPERSON:
        grupper.append(("Følgepersonen", list(FOLGEPERSON_FELT)))
    return grupper


def del_for(felt: str, person: Person) -> str:
    """The section that asks a field (the bosettingsmerknad, on every section, is under Bosettingsinformasjon)."""
    return next(
        (d for d in DELER if any(felt in felter for _, felter in grupper_for(d, person))),
        "bosettingsinformasjon",
    )


def samtaleskjema(del_: str, person: Person, samtale: Bosettingssamtale, data=None) -> SamtaleSkjema:
    grupper = grupper_for(del_, person)
    klasse = modelform_factory(
        Bosettingssamtale,
        form=SamtaleSkjema,
        fields=[navn for _, felter in grupper for navn in felter],
        formfield_callback=_felt,
    )
    return klasse(data, instance=samtale, grupper=grupper)


class BosettingsmerknadSkjema(DsSkjema, forms.Form):
    tekst = forms.CharField(
        label="Personlig bosettingsmerknad",
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "Registrer informasjon som kun gjelder denne personen"}
        ),
        max_length=4000,
    )


class InternMerknadSkjema(DsSkjema, forms.Form):
    tittel = forms.CharField(label="Tittel", max_length=200)
    melding = forms.CharField(
        label="Melding",
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "Registrer informasjon som kun skal vises for IMDi"}
        ),
        max_length=8000,
    )


class BehandlerSkjema(DsSkjema, forms.ModelForm):
    class Meta:
        model = Behandler
        fields = ["navn", "virksomhet", "adresse", "telefon", "epost"]


class FunksjonsrapportSkjema(DsSkjema, forms.ModelForm):
    class Meta:
        model = Funksjonsrapport
        fields = ["dato", "ingen_endring", "merknad"]
        widgets = {
            "dato": forms.DateInput(attrs={"placeholder": "dd.mm.åååå"}),
            "merknad": forms.Textarea(attrs={"rows": 2}),
        }


class KontaktSkjema(DsSkjema, forms.ModelForm):
    class Meta:
        model = Kontaktperson
        fields = ["navn", "telefon", "epost"]
