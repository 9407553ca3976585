from django import forms
from django.contrib import admin

from imdinett.organisasjoner.admin_site import ImdiModelAdmin, LesAdmin, StorListe

from . import services
from .models import ApiKlient, Kall
from .omfang import OMFANG


class ApiKlientSkjema(forms.ModelForm):
    omfang = forms.MultipleChoiceField(
        label="Omfang (scopes)",
        choices=[(o.navn, o.navn) for o in OMFANG.values()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Hva klienten kan be om tilgang til; hvert omfang svarer til en tillatelse i tilgangsmodellen. "
        + " ".join(f"{o.navn}: {o.beskrivelse} (tillatelsen «{o.tillatelse}»)." for o in OMFANG.values()),
    )

    class Meta:
        model = ApiKlient
        fields = ["navn", "organisasjon", "offentlig_nokkel", "omfang", "aktiv"]
        widgets = {"offentlig_nokkel": forms.Textarea(attrs={"rows": 8, "cols": 70})}


@admin.register(ApiKlient)
class ApiKlientAdmin(ImdiModelAdmin):
    """IMDi registers the systems that call the API: a client id it gives the supplier, the supplier's public
    key, the scopes. Saving goes through `klient_lagre` (its system user follows the active flag; the
    registration and each change of scopes, key, active flag or organisation is an event)."""

    form = ApiKlientSkjema
    list_display = ["navn", "organisasjon", "klient_id", "aktiv", "endret"]
    list_filter = ["aktiv", "organisasjon__type"]
    search_fields = ["navn", "=klient_id", "organisasjon__navn"]
    list_select_related = ["organisasjon"]
    readonly_fields = ["klient_id", "bruker", "opprettet", "endret"]
    fields = [
        "navn",
        "organisasjon",
        "klient_id",
        "offentlig_nokkel",
        "omfang",
        "aktiv",
        "bruker",
        "opprettet",
        "endret",
    ]

    def save_model(self, request, obj, form, change):
        services.klient_lagre(klient=obj, av=request.user)


@admin.register(Kall)
class KallAdmin(StorListe, LesAdmin):
    """Every call to the API, newest first; filtered by time, searched by client id (no list of
    every value: a growing table)."""

    list_display = ["tidspunkt", "klient", "metode", "sti", "status", "varighet_ms", "feil"]
    list_filter = [("tidspunkt", admin.DateFieldListFilter)]
    search_fields = ["=klient__klient_id", "=oppgitt_klient_id"]
    search_help_text = "Søk på klient-ID."
    list_select_related = ["klient"]
