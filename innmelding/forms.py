from django import forms

from imdinett.identitetsnummer import duf_normaliser
from imdinett.skjema import DsSkjema
from imdinett.uker import UkeFelt

from .models import Innmelding


class FellesSkjema(DsSkjema, forms.Form):
    """What every notice has: the week and further information."""

    forventet_uke = UkeFelt(label="Klar for bosetting (uke)")
    merknad = forms.CharField(
        label="Utfyllende informasjon",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LedigBoligSkjema(FellesSkjema):
    """A free dwelling: only a dwelling is «tilpasset særlig hensyn» (seed 002: familiebolig, bofellesskap and
    EM-tiltak each ask it; Bestemte personer and Antall plasser do not)."""

    boligtype = forms.ChoiceField(
        label="Boligtype",
        choices=Innmelding.Boligtype.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Velg boligtype."},
    )
    antall = forms.IntegerField(
        label="Antall plasser",
        min_value=1,
        max_value=500,
        error_messages={"required": "Skriv antall plasser.", "min_value": "Minst én plass."},
    )
    em_tiltak = forms.ChoiceField(
        label="Type EM-tiltak",
        required=False,
        choices=[("", "Velg type EM-tiltak"), *Innmelding.EmTiltak.choices],
    )
    em_alder = forms.ChoiceField(
        label="Aldersgruppe (EM-tiltak)",
        required=False,
        choices=Innmelding.EmAlder.choices,
        widget=forms.RadioSelect,
    )
    saerlig_hensyn = forms.BooleanField(label="Tilpasset særlig hensyn", required=False)
    saerlig_hensyn_beskrivelse = forms.CharField(
        label="Beskriv hvilke særlige hensyn boligen er tilpasset",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["boligtype", "antall", "em_tiltak", "em_alder", "forventet_uke", "merknad"]

    def clean(self):
        data = super().clean()
        if data.get("saerlig_hensyn") and not data.get("saerlig_hensyn_beskrivelse", "").strip():
            self.add_error(
                "saerlig_hensyn_beskrivelse", "Beskriv hvilke særlige hensyn boligen er tilpasset."
            )
        if data.get("boligtype") == Innmelding.Boligtype.EM_TILTAK:
            if not data.get("em_tiltak"):
                self.add_error("em_tiltak", "Velg type EM-tiltak.")
            if not data.get("em_alder"):
                self.add_error("em_alder", "Velg aldersgruppe.")
            if data.get("em_tiltak") == Innmelding.EmTiltak.ANNET and not data.get("merknad", "").strip():
                self.add_error("merknad", "Beskriv tiltaket når du velger «Annet».")
        else:
            data["em_tiltak"] = data["em_alder"] = ""
        return data


class DufSkjema(DsSkjema, forms.Form):
    """«Bestemte personer»: the DUF as typed (spaces allowed). Whether it is a valid number is decided by the
    lookup (`selectors.bestemt_person`), which names a typing error and answers an unknown or forbidden number
    alike."""

    duf = forms.CharField(
        label="DUF-nummer",
        max_length=20,
        error_messages={"required": "Skriv DUF-nummeret.", "max_length": "DUF-nummer består av 12 siffer."},
    )

    def clean_duf(self):
        return duf_normaliser(self.cleaned_data["duf"])


class BestemtPersonSkjema(FellesSkjema):
    tilknytning = forms.ChoiceField(
        label="Tilknytning",
        choices=[("", "Velg tilknytning"), *Innmelding.Tilknytning.choices],
        error_messages={"required": "Velg tilknytning."},
    )
    field_order = ["tilknytning", "forventet_uke", "merknad"]


class AntallPlasserSkjema(FellesSkjema):
    antall = forms.IntegerField(
        label="Maks antall personer",
        min_value=1,
        max_value=1000,
        error_messages={"required": "Skriv maks antall personer.", "min_value": "Minst én person."},
    )
    antall_uker = forms.IntegerField(
        label="Antall uker på rad med samme antall",
        min_value=1,
        max_value=26,
        initial=1,
        help_text="Sender én innmelding per uke, fra uka du valgte.",
        error_messages={"min_value": "Minst én uke.", "max_value": "Høyst 26 uker om gangen."},
    )
    field_order = ["antall", "forventet_uke", "antall_uker", "merknad"]


class BegrunnelseSkjema(DsSkjema, forms.Form):
    """«Kanseller innmelding». Refused, the list is drawn again open at the innmelding, the message at the
    field and the cursor in it (the form sits far down a long list)."""

    begrunnelse = forms.CharField(
        label="Begrunnelse",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Skriv en begrunnelse for kanselleringen."},
    )

    def full_clean(self):
        super().full_clean()
        if self.errors:
            self.fields["begrunnelse"].widget.attrs["autofocus"] = True
