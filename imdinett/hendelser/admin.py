from django import forms
from django.contrib import admin
from django.db import models
from django.utils.text import Truncator

from imdinett.organisasjoner.admin_site import ImdiModelAdmin, LesAdmin, StorListe, for_hver
from imdinett.organisasjoner.tilgang import er_imdi_eller_superbruker

from . import services
from .models import Driftsmelding, Epost, Hendelse, Varsel


@admin.register(Hendelse)
class HendelseAdmin(StorListe, LesAdmin):
    list_display = ["tidspunkt", "type", "omraade", "tittel", "utfort_av", "organisasjon"]
    list_filter = ["type", "omraade", ("tidspunkt", admin.DateFieldListFilter)]
    nummerfelt = ("personer__duf_nummer",)  # one link per person and event: no duplicates
    search_fields = ["tittel"]
    search_help_text = "Søk på DUF-nummer eller i tittelen."
    list_select_related = ["utfort_av", "organisasjon"]


@admin.register(Varsel)
class VarselAdmin(StorListe, LesAdmin):
    list_display = ["opprettet", "organisasjon", "tittel"]
    list_select_related = ["organisasjon"]


@admin.register(Epost)
class EpostAdmin(LesAdmin):
    """The outbox, read only (content and status are never edited here); «Prøv igjen» on failed ones."""

    list_display = ["opprettet", "emne", "til", "status", "forsok", "neste_forsok", "feil", "sendt"]
    list_filter = ["status"]
    search_fields = ["emne", "til"]
    actions = ["prov_igjen"]
    fields = [
        "til",
        "emne",
        "tekst",
        "vedlegg",
        "opprettet",
        "status",
        "forsok",
        "neste_forsok",
        "sendt",
        "siste_feil",
    ]

    @admin.display(description="Siste feil")
    def feil(self, obj):
        return Truncator(obj.siste_feil).chars(200)

    def has_prov_igjen_permission(self, request):
        return er_imdi_eller_superbruker(request.user)

    @admin.action(description="Prøv igjen", permissions=["prov_igjen"])
    def prov_igjen(self, request, queryset):
        for_hver(
            self,
            request,
            queryset,
            lambda epost: services.epost_prov_igjen(epost=epost, av=request.user),
            "Sendes på nytt",
        )


@admin.register(Driftsmelding)
class DriftsmeldingAdmin(ImdiModelAdmin):
    """IMDi writes the service messages shown on everyone's arbeidsflate; ended by «Gyldig til», never deleted."""

    list_display = ["tekst_kort", "alvorlighet", "gyldig_fra", "gyldig_til", "opprettet_av"]
    list_filter = ["alvorlighet"]
    list_select_related = ["opprettet_av"]
    fields = ["tekst", "alvorlighet", "gyldig_fra", "gyldig_til"]
    # One labelled field per time («05.12.2026 08:00»): the admin's split date/time pair has no labels (axe).
    formfield_overrides = {
        models.DateTimeField: {
            "form_class": forms.DateTimeField,
            "widget": forms.DateTimeInput(format="%d.%m.%Y %H:%M", attrs={"class": "vTextField"}),
            "help_text": "Dato og klokkeslett, for eksempel 05.12.2026 08:00.",
        }
    }

    @admin.display(description="Tekst")
    def tekst_kort(self, obj):
        return Truncator(obj.tekst).chars(80)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.opprettet_av = request.user
        super().save_model(request, obj, form, change)
