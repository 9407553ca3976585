from django import forms

from imdinett.organisasjoner.models import Kommune, Postnummer
from imdinett.skjema import DsSkjema

from .selectors import Plassrad
from .services import KONTAKTFELT


class VedtakSkjema(DsSkjema, forms.Form):
    """Registrer plasser: one number per category; fewer than requested needs a reason (seed 002)."""

    def __init__(self, *args, rader: list[Plassrad], **kwargs):
        super().__init__(*args, **kwargs)
        self.rader = rader
        for rad in rader:
            self.fields[f"antall_{rad.kategori}"] = forms.IntegerField(
                label=f"{rad.navn}: antall plasser",
                min_value=0,
                max_value=10_000,
                error_messages={
                    "required": "Skriv antall plasser (0 hvis ingen).",
                    "invalid": "Skriv et helt tall.",
                    "min_value": "Antall kan ikke være negativt.",
                },
            )
            self.fields[f"begrunnelse_{rad.kategori}"] = forms.CharField(
                label=f"{rad.navn}: begrunnelse for avvik",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"antall_{rad.kategori}"].widget.attrs["class"] = "ds-input kort"

    def clean(self):
        data = super().clean()
        for rad in self.rader:
            antall = data.get(f"antall_{rad.kategori}")
            if (
                antall is not None
                and antall < rad.anmodet
                and not data.get(f"begrunnelse_{rad.kategori}", "").strip()
            ):
                self.add_error(
                    f"begrunnelse_{rad.kategori}",
                    f"Kommunen vedtar færre plasser enn IMDi anmoder om ({rad.anmodet}). Begrunn avviket.",
                )
        return data

    def tall(self) -> dict[str, tuple[int, str]]:
        d = self.cleaned_data
        return {
            r.kategori: (d[f"antall_{r.kategori}"], d.get(f"begrunnelse_{r.kategori}", ""))
            for r in self.rader
        }

    def linjer(self):
        """(row, antall field, begrunnelse field, deviation) for the template."""
        for rad in self.rader:
            antall = self[f"antall_{rad.kategori}"]
            verdi = antall.value()
            try:
                avvik = int(verdi) - rad.anmodet
            except (TypeError, ValueError):
                avvik = None
            yield rad, antall, self[f"begrunnelse_{rad.kategori}"], avvik

    def totalt(self) -> dict:
        """The «Totalt» row: the sums of the columns; the kommune's and the deviation once every row has one."""
        linjer = list(self.linjer())
        vedtak = None
        if all(avvik is not None for *_, avvik in linjer):
            vedtak = sum(int(antall.value()) for _, antall, _, _ in linjer)
        anmodet = sum(r.anmodet for r in self.rader)
        return {
            "anmodet": anmodet,
            "allerede_vedtatt": sum(r.allerede_vedtatt for r in self.rader),
            "vedtak": vedtak,
            "avvik": None if vedtak is None else vedtak - anmodet,
        }


class SvarfristSkjema(DsSkjema, forms.Form):
    svarfrist = forms.DateField(
        label="Ny svarfrist",
        widget=forms.DateInput(attrs={"placeholder": "dd.mm.åååå"}),
        error_messages={"invalid": "Skriv datoen som dd.mm.åååå.", "required": "Velg ny svarfrist."},
    )
    begrunnelse = forms.CharField(
        label="Begrunnelse",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Begrunn hvorfor svarfristen endres."},
    )


class KontaktinformasjonSkjema(DsSkjema, forms.ModelForm):
    flyktningkontor_postnummer = forms.ModelChoiceField(
        label="Postnummer",
        queryset=Postnummer.objects.all(),
        to_field_name="nummer",
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "class": "ds-input kort"}
        ),
        error_messages={"invalid_choice": "Ukjent postnummer. Skriv fire siffer, for eksempel 8400."},
    )

    class Meta:
        model = Kommune
        fields = KONTAKTFELT
        error_messages = {"flyktningkontor_epost": {"invalid": "Skriv en gyldig e-postadresse."}}
