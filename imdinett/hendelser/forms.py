from django import forms

from imdinett.identitetsnummer import duf_formater, duf_normaliser
from imdinett.skjema import DsSkjema

from .models import Hendelse, Omraade


class FilterSkjema(forms.Form):
    omraade = forms.ChoiceField(label="Saksområde", required=False, choices=[("", "Alle"), *Omraade.choices])
    type = forms.ChoiceField(label="Type", required=False, choices=[("", "Alle"), *Hendelse.Type.choices])


class NotatSkjema(DsSkjema, forms.Form):
    """«Opprett notat» (seed 002): tittel, saksområde, the note, and persons added one DUF at a time
    («Legg til»). `kan_knyttes` is the persons the author may link the note to."""

    tittel = forms.CharField(label="Tittel", max_length=200, error_messages={"required": "Skriv en tittel."})
    omraade = forms.ChoiceField(
        label="Saksområde",
        choices=[("", "Velg saksområde"), *Omraade.choices],
        error_messages={"required": "Velg saksområde."},
    )
    tekst = forms.CharField(
        label="Notat",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Skriv notatet."},
    )
    personer = forms.CharField(required=False, widget=forms.MultipleHiddenInput)
    duf = forms.CharField(
        label="Knytt til person (DUF-nummer)",
        required=False,
        max_length=20,
        help_text="Skriv DUF-nummeret og velg «Legg til». Notatet blir synlig i personens personmappe.",
    )

    def __init__(self, *args, kan_knyttes, steg: str = "opprett", **kwargs):
        super().__init__(*args, **kwargs)
        self.kan_knyttes = kan_knyttes
        self.steg = steg
        self.fields["duf"].widget.attrs["class"] = "ds-input kort"
        if steg != "opprett":  # «Legg til» and «Fjern» change the persons only; the rest waits for «Opprett»
            for navn in ("tittel", "omraade", "tekst"):
                self.fields[navn].required = False

    def valgte(self):
        """The persons added so far, for the list under «Legg til»."""
        data = getattr(self, "cleaned_data", None)
        dufer = data.get("personer", []) if data else self.initial.get("personer", [])
        return list(self.kan_knyttes.filter(duf_nummer__in=dufer))

    def clean_personer(self):
        dufer = [duf_normaliser(d) for d in self.data.getlist(self.add_prefix("personer")) if d.strip()]
        return list(dict.fromkeys(dufer))

    def clean(self):
        data = super().clean()
        dufer = data.get("personer", [])
        duf = duf_normaliser(data.get("duf", ""))
        if duf:
            if not self.kan_knyttes.filter(duf_nummer=duf).exists():
                # Same words whether the DUF exists or not: no hint about persons the author may not see.
                self.add_error(
                    "duf",
                    f"Fant ingen person med DUF-nummer {duf_formater(duf)} som du kan knytte notatet til.",
                )
            elif duf not in dufer:
                dufer.append(duf)
        elif self.steg == "legg_til":
            self.add_error("duf", "Skriv DUF-nummeret til personen notatet gjelder.")
        data["personer"] = dufer
        data["personobjekter"] = list(self.kan_knyttes.filter(duf_nummer__in=dufer))
        return data
