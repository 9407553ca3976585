from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db import transaction
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from imdinett.feil import DomeneFeil

from . import services
from .admin_site import ImdiModelAdmin, for_hver
from .models import Bruker, Kommune, Mottak, Organisasjon, Postnummer
from .roller import Rolle
from .selectors import brukerroller, tildelbare_roller


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
        "kan tildeles. Flyttes brukeren til en annen organisasjon, fjernes rollene i den gamle.",
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "roller" in self.fields:
            self.initial.setdefault(
                "roller", [r.value for r in brukerroller([self.instance]).get(self.instance.pk, [])]
            )

    def clean(self):
        renset = super().clean()
        if "roller" in self.fields and "roller" in renset:
            organisasjon = renset.get("organisasjon", self.instance.organisasjon)
            roller = [Rolle(v) for v in renset["roller"]]
            if roller and organisasjon is None:
                self.add_error("roller", "En bruker uten organisasjon kan ikke ha roller.")
            elif organisasjon is not None:
                ugyldige = [r.navn for r in roller if r not in tildelbare_roller(organisasjon)]
                if ugyldige:
                    self.add_error(
                        "roller", f"Kan ikke tildeles i {organisasjon.navn}: {', '.join(ugyldige)}."
                    )
        return renset


class BrukerOpprettSkjema(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = Bruker
        fields = ["username", "organisasjon"]


@admin.register(Bruker)
class BrukerAdmin(ImdiModelAdmin, UserAdmin):
    """IMDi manages the users of every organisation here, through the same services as the product's
    Brukeradministrasjon (each change an event). Only a superuser sees a superuser or makes one, or staff;
    nobody but a superuser changes their own roles, organisation or active flag."""

    form = BrukerAdminSkjema
    add_form = BrukerOpprettSkjema
    list_display = ["username", "first_name", "last_name", "organisasjon", "is_active"]
    list_filter = ["is_active", "organisasjon__type"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["organisasjon"]
    autocomplete_fields = ["organisasjon"]
    add_fieldsets = [(None, {"fields": ["username", "password1", "password2", "organisasjon"]})]
    readonly_fields = ["last_login", "date_joined", "oidc_sub", "tofaktor"]
    actions = ["fjern_oidc_kobling", "nullstill_tofaktor"]

    @staticmethod
    def _egen(request, obj) -> bool:
        """The user's own page, where only a superuser changes roles, organisation and active flag."""
        return obj is not None and obj.pk == request.user.pk and not request.user.is_superuser

    def get_queryset(self, request):
        brukere = super().get_queryset(request)
        return brukere if request.user.is_superuser else brukere.filter(is_superuser=False)

    def get_object(self, request, object_id, from_field=None):
        """Missing and hidden (a superuser, for everyone else) are the same: 404, also for the password
        and history pages."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        tilgang = ["is_active", "is_staff"] + (["is_superuser"] if request.user.is_superuser else [])
        roller = "roller_visning" if self._egen(request, obj) else "roller"
        return [
            (None, {"fields": ["username", "password"]}),
            ("Person", {"fields": ["first_name", "last_name", "email", "telefon"]}),
            ("Organisasjon og roller", {"fields": ["organisasjon", roller, *tilgang]}),
            ("Innlogging", {"fields": ["last_login", "date_joined", "oidc_sub", "tofaktor"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        felt = list(self.readonly_fields)
        if not request.user.is_superuser:
            felt.append("is_staff")
        if self._egen(request, obj):
            felt += ["organisasjon", "is_active", "roller_visning"]
        return felt

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and self._egen(request, obj):
            form.base_fields.pop("roller", None)  # a declared field: drop it, or it would be saved empty
        return form

    @admin.display(description="Roller")
    def roller_visning(self, obj):
        roller = brukerroller([obj]).get(obj.pk, [])
        return ", ".join(r.navn for r in roller) or "Ingen"

    @admin.display(description="Tofaktorinnlogging")
    def tofaktor(self, obj):
        enheter = TOTPDevice.objects.filter(user=obj)
        if enheter.filter(confirmed=True).exists():
            return "Satt opp"
        return "Påbegynt" if enheter.exists() else "Ikke satt opp"

    def save_model(self, request, obj, form, change):
        """Organisation, active flag and (for superusers) staff/superuser go through the services, each an
        event; the rest (names, e-mail, telephone) is saved as it is."""
        if not change:
            services.bruker_lagre_ny(av=request.user, bruker=obj)
            return
        lagret = Bruker.objects.get(pk=obj.pk)
        ny_organisasjon, ny_aktiv = obj.organisasjon, obj.is_active
        nye_flagg = (obj.is_staff, obj.is_superuser)
        obj.organisasjon, obj.is_active = lagret.organisasjon, lagret.is_active
        obj.is_staff, obj.is_superuser = lagret.is_staff, lagret.is_superuser
        super().save_model(request, obj, form, change)
        endret = set(form.changed_data)
        try:
            if "organisasjon" in endret:
                services.bruker_sett_organisasjon(av=request.user, bruker=obj, organisasjon=ny_organisasjon)
            if "is_active" in endret:
                services.bruker_sett_aktiv(av=request.user, bruker=obj, aktiv=ny_aktiv)
            if endret & {"is_staff", "is_superuser"}:
                services.bruker_sett_admintilgang(
                    av=request.user, bruker=obj, is_staff=nye_flagg[0], is_superuser=nye_flagg[1]
                )
        except DomeneFeil as e:
            messages.error(request, e.melding)

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

    def user_change_password(self, request, id, form_url=""):
        """Django's password form; the change is an event (never the password itself)."""
        with transaction.atomic():
            bruker = self.get_object(request, unquote(id))  # 404 for a superuser, for everyone else
            foer = bruker.password
            svar = super().user_change_password(request, id, form_url)
            bruker.refresh_from_db(fields=["password"])
            if bruker.password != foer:
                services.bruker_passord_endret(av=request.user, bruker=bruker)
        return svar

    @admin.action(description="Fjern koblingen til ID-porten/Ansattporten")
    def fjern_oidc_kobling(self, request, queryset):
        brukere = list(queryset.exclude(oidc_sub=None))
        for bruker in brukere:
            services.oidc_kobling_fjern(av=request.user, bruker=bruker)
        self.message_user(request, f"Koblingen er fjernet for {len(brukere)} brukere.")

    @admin.action(description="Nullstill tofaktorinnloggingen (mistet telefon)")
    def nullstill_tofaktor(self, request, queryset):
        for_hver(
            self,
            request,
            queryset,
            lambda bruker: services.totp_nullstill(av=request.user, bruker=bruker),
            "Tofaktorinnloggingen er nullstilt",
        )


@admin.register(Postnummer)
class PostnummerAdmin(ImdiModelAdmin):
    list_display = ["nummer", "poststed", "kommunenummer"]
    search_fields = ["nummer", "poststed"]
