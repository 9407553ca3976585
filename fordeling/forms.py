import re

from django import forms

from imdinett.feil import DomeneFeil
from imdinett.skjema import DsSkjema
from imdinett.uker import UkeFelt

from .forslag.resultatside import kommuneindeks
from .models import Tilbakemelding, TilbakemeldingMangel
from .selectors.visning import Husstandsvisning


class SvarSkjema(DsSkjema, forms.Form):
    """The kommune's answer: per household «Bosettes» (a decline needs a reason), per person the
    expected settlement week. The fields are drawn inside the list's table (fordeling/liste.html)."""

    def __init__(self, *args, husstander: list[Husstandsvisning], **kwargs):
        super().__init__(*args, **kwargs)
        self.husstander = husstander
        for h in husstander:
            self.fields[f"bosettes_h{h.nr}"] = forms.BooleanField(
                label=f"Bosettes (husstand {h.nr})", required=False, initial=h.bosettes
            )
            self.fields[f"begrunnelse_h{h.nr}"] = forms.CharField(
                label=f"Begrunnelse for ikke å bosette husstand {h.nr}",
                required=False,
                max_length=2000,
                initial=h.begrunnelse,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            for p in h.personer:
                self.fields[f"uke_{p.nr}"] = UkeFelt(
                    label=f"Forventet bosettingsuke for person {p.nr}",
                    required=False,
                    initial=(p.linje.forventet_uke if p.linje else None) or p.forste_mulige_uke,
                )
        for felt in self.fields.values():  # DsSkjema styled the fields that existed before these
            felt.widget.attrs.setdefault("class", "ds-input")
        for h in husstander:
            h.bosettes_felt = self[f"bosettes_h{h.nr}"]
            h.begrunnelse_felt = self[f"begrunnelse_h{h.nr}"]
            for p in h.personer:
                p.uke_felt = self[f"uke_{p.nr}"]

    def clean(self):
        data = super().clean()
        for h in self.husstander:
            bosettes = data.get(f"bosettes_h{h.nr}")
            if not bosettes and not (data.get(f"begrunnelse_h{h.nr}") or "").strip():
                self.add_error(f"begrunnelse_h{h.nr}", "Begrunn hvorfor husstanden ikke kan bosettes.")
            for p in h.personer:
                navn = f"uke_{p.nr}"
                if bosettes and navn in data and data[navn] is None:
                    self.add_error(navn, "Oppgi forventet bosettingsuke.")
        return data

    def svar(self) -> dict[int, dict]:
        d = self.cleaned_data
        return {
            p.person_id: {
                "bosettes": d[f"bosettes_h{h.nr}"],
                "begrunnelse": d[f"begrunnelse_h{h.nr}"],
                "forventet_uke": d.get(f"uke_{p.nr}"),
            }
            for h in self.husstander
            for p in h.personer
        }

    def feil_fra_tjenesten(self, feil: DomeneFeil) -> None:
        """Put a service refusal (felt = the person's id) next to that person's week. Fields are named by
        the person's number on the list: a database id would let the kommune recognise a person again."""
        nr = next((p.nr for h in self.husstander for p in h.personer if str(p.person_id) == feil.felt), None)
        self.add_error(f"uke_{nr}" if nr else None, feil.melding)


class BosettingsdatoSkjema(DsSkjema, forms.Form):
    dato = forms.DateField(
        label="Bosettingsdato",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Oppgi bosettingsdato.", "invalid": "Oppgi en gyldig dato."},
    )


class TilbakemeldingSkjema(DsSkjema, forms.Form):
    kategori = forms.ChoiceField(
        label="Kategori",
        choices=Tilbakemelding.Kategori.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Velg kategori."},
    )
    mangler = forms.MultipleChoiceField(
        label="Hva manglet eller var feil ved fordelingen?",
        choices=TilbakemeldingMangel.Mangel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Velg minst én ting som manglet eller var feil."},
    )
    tekst = forms.CharField(
        label="Beskriv hva som manglet eller var feil",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Skriv bare det IMDi og mottaket trenger for å gjøre kartleggingen bedre.",
        error_messages={"required": "Beskriv hva som manglet eller var feil."},
    )


class ForslagSkjema(forms.Form):
    """«Forslag til fordeling»: the selection as a few filters, not a box per household (the national default is
    2,000 households and 300 kommuner), and whether the caseworker allows the two exceptions the rules have.
    The cleaned data is what is stored and applied when the worker starts (fordeling.forslag.beregning.utvalget)."""

    unnta_husstander = forms.CharField(
        label="Husstander som ikke skal være med",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        help_text="Reg-nr, skilt med komma, mellomrom eller linjeskift. Tomt: alle fordelingsklare husstander.",
    )
    ta_med_utkast = forms.BooleanField(
        label="Ta også med husstander som står på et utkast",
        required=False,
        help_text="Ellers er de holdt utenfor, så de ikke havner på to lister.",
    )
    unnta_kommuner = forms.CharField(
        label="Kommuner som ikke skal være med",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        help_text="Kommunenummer eller navn, ett per linje eller skilt med komma. Tomt: alle kommuner med "
        "ledige plasser.",
    )
    ta_med_fulle = forms.BooleanField(
        label="Ta også med kommuner uten ledige plasser",
        required=False,
        help_text="Gir bare forslag til dem hvis du også tillater flere enn ledige plasser.",
    )
    tillat_overskridelse = forms.BooleanField(
        label="Tillat at en kommune får flere enn sine ledige plasser",
        required=False,
        help_text="Aldri i en kategori kommunen ikke har vedtatt plasser for. Hver overskridelse vises i "
        "forslaget, og listen må begrunnes når den sendes.",
    )
    tillat_uten_saerlig_bolig = forms.BooleanField(
        label="Foreslå husstander med behov for særlig hensyn også der kommunen ikke har meldt inn tilpasset "
        "bolig",
        required=False,
        help_text="Slike forslag merkes «Må bekreftes»: kommunen må bekrefte at behovet kan møtes.",
    )

    def __init__(self, *args, klare, kommuner, **kwargs):
        """`klare`: the fordelingsklare households (`inndata.fordelingsklare`), looked up by the Reg-nr typed;
        `kommuner`: (id, name, number) of those that can be left out (`kommune.selectors.kommuner_med_vedtak`)."""
        super().__init__(*args, **kwargs)
        self.klare = klare
        self.kommuner = kommuneindeks(kommuner)

    def clean_unnta_husstander(self) -> list[int]:
        reg_nr = [r for r in re.split(r"[\s,;]+", self.cleaned_data["unnta_husstander"]) if r]
        funnet = dict(self.klare.filter(reg_nr__in=reg_nr).values_list("reg_nr", "husstand_id"))
        ukjente = [r for r in reg_nr if r not in funnet]
        if ukjente:
            raise forms.ValidationError(
                f"Finner ingen fordelingsklar husstand med Reg-nr {', '.join(ukjente)}. Sjekk nummeret."
            )
        return sorted(set(funnet.values()))

    def clean_unnta_kommuner(self) -> list[int]:
        navn = [n.strip() for n in re.split(r"[\n,;]+", self.cleaned_data["unnta_kommuner"]) if n.strip()]
        ukjente = [n for n in navn if n.lower() not in self.kommuner]
        if ukjente:
            raise forms.ValidationError(
                f"Finner ingen kommune med vedtak som heter eller har nummer {', '.join(ukjente)}."
            )
        return sorted({self.kommuner[n.lower()] for n in navn})
