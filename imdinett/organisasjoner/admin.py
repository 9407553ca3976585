from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from imdinett.admin_site import ImdiModelAdmin
from imdinett.feil import DomeneFeil

from . import services
from .models import Bruker, Kommune, Mottak, Organisasjon, Postnummer
from .roller import Rolle
from .selectors import brukerroller


@admin.register(Organisasjon)
class OrganisasjonAdmin(ImdiModelAdmin):
    list_display = ["navn", "type"]
    list_filter = ["type"]
    search_fields = ["navn"]


@admin.register(Kommune)
class KommuneAdmin(ImdiModelAdmin):
    list_display = ["nummer", "navn", "fylke", "overordnet"]
    list_filter = ["fylke"]
    search_fields = ["navn", "nummer"]
    list_select_related = ["overordnet"]
    autocomplete_fields = ["postnummer", "flyktningkontor_postnummer"]
    exclude = ["type"]
    readonly_fields = ["kontakt_endret", "kontakt_endret_av"]


@admin.register(Mottak)
class MottakAdmin(ImdiModelAdmin):
    list_display = ["navn", "imdi_kode", "udi_mot_id", "kategori", "vertskommune"]
    list_filter = ["kategori"]
    search_fields = ["navn", "imdi_kode", "udi_mot_id"]
    list_select_related = ["vertskommune"]
    autocomplete_fields = ["vertskommune", "postnummer", "besoksadresse_postnummer"]
    exclude = ["type"]


class BrukerAdminSkjema(UserChangeForm):
    roller = forms.MultipleChoiceField(
        label="Roller",
        required=False,
        choices=[(r.value, f"{r.navn} ({r.omraade})") for r in Rolle],
        widget=forms.CheckboxSelectMultiple,
        help_text="Roller i brukerens egen organisasjon. Bare rollene for organisasjonens område "
        "kan tildeles.",
    )

    class Meta(UserChangeForm.Meta):
        model = Bruker
        fields = [
            "username",
            "password",
            "first_name",
            "last_name",
            "email",
            "telefon",
            "organisasjon",
            "is_active",
        ]


class BrukerOpprettSkjema(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = Bruker
        fields = ["username", "organisasjon"]


@admin.register(Bruker)
class BrukerAdmin(ImdiModelAdmin, UserAdmin):
    """IMDi manages every organisation's users here; roles go through the same service."""

    form = BrukerAdminSkjema
    add_form = BrukerOpprettSkjema
    list_display = ["username", "first_name", "last_name", "organisasjon", "is_active"]
    list_filter = ["is_active", "organisasjon__type"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["organisasjon"]
    autocomplete_fields = ["organisasjon"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "telefon"]}),
        ("Organisasjon og roller", {"fields": ["organisasjon", "roller", "is_active", "is_staff"]}),
        ("Innlogging", {"fields": ["last_login", "date_joined", "oidc_sub"]}),
    ]
    add_fieldsets = [(None, {"fields": ["username", "password1", "password2", "organisasjon"]})]
    readonly_fields = ["last_login", "date_joined", "oidc_sub"]
    actions = ["fjern_oidc_kobling"]

    @admin.action(description="Fjern koblingen til ID-porten/Ansattporten")
    def fjern_oidc_kobling(self, request, queryset):
        brukere = list(queryset.exclude(oidc_sub=None))
        for bruker in brukere:
            services.oidc_kobling_fjern(av=request.user, bruker=bruker)
        self.message_user(request, f"Koblingen er fjernet for {len(brukere)} brukere.")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "roller" in form.base_fields:
            form.base_fields["roller"].initial = [r.value for r in brukerroller([obj]).get(obj.pk, [])]
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "roller" in form.cleaned_data:
            try:
                services.bruker_sett_roller(
                    av=request.user,
                    bruker=form.instance,
                    roller={Rolle(v) for v in form.cleaned_data["roller"]},
                )
            except DomeneFeil as e:
                messages.error(request, e.melding)


@admin.register(Postnummer)
class PostnummerAdmin(ImdiModelAdmin):
    list_display = ["nummer", "poststed", "kommunenummer"]
    search_fields = ["nummer", "poststed"]
