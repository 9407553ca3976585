from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from imdinett.organisasjoner.admin_site import LesAdmin, for_hver
from imdinett.organisasjoner.tilgang import er_imdi_eller_superbruker

from . import services
from .models import Dokument, Utsending


@admin.register(Dokument)
class DokumentAdmin(LesAdmin):
    list_display = ["opprettet", "tittel", "type", "organisasjon", "tillatelse", "person"]
    list_filter = ["type", "tillatelse"]
    list_select_related = ["organisasjon", "person"]


@admin.register(Utsending)
class UtsendingAdmin(LesAdmin):
    """The letters' outbox (issue #23), read only: where each letter went, its receipt, its attempts and last
    error; «Send på nytt» on those that failed."""

    list_display = [
        "opprettet",
        "brev",
        "mottaker",
        "status",
        "forsok",
        "neste_forsok",
        "sendt",
        "mottatt",
        "feil",
    ]
    list_filter = ["status", "kanal"]
    list_select_related = ["dokument", "mottaker"]
    search_fields = ["dokument__tittel", "mottaker__navn", "forsendelse_id"]
    search_help_text = "Søk i brevets tittel, mottakerens navn eller SvarUTs forsendelses-id."
    actions = ["send_paa_nytt"]
    readonly_fields = ["brev"]
    fields = [
        "brev",
        "mottaker",
        "mottaker_orgnr",
        "status",
        "kanal",
        "forsok",
        "neste_forsok",
        "forsendelse_id",
        "ekstern_status",
        "referanse",
        "opprettet",
        "sendt",
        "mottatt",
        "siste_feil",
    ]

    @admin.display(description="Brev", ordering="dokument__tittel")
    def brev(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("dokument", args=[obj.dokument_id]), obj.dokument.tittel
        )

    @admin.display(description="Siste feil")
    def feil(self, obj):
        return Truncator(obj.siste_feil).chars(200)

    def has_send_paa_nytt_permission(self, request):
        return er_imdi_eller_superbruker(request.user)

    @admin.action(description="Send på nytt", permissions=["send_paa_nytt"])
    def send_paa_nytt(self, request, queryset):
        for_hver(
            self,
            request,
            queryset,
            lambda utsending: services.utsending_send_paa_nytt(utsending=utsending, av=request.user),
            "Sendes på nytt",
        )
