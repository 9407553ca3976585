import json

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from imdinett.organisasjoner.admin_site import LesAdmin, StorListe, for_hver

from . import services
from .models import Innboksmelding


@admin.register(Innboksmelding)
class InnboksmeldingAdmin(StorListe, LesAdmin):
    """IMDi's view of what UDI and MOT sent: the message, what became of it, and «Behandle på nytt» once the
    cause of a failure is mended."""

    list_display = ["mottatt", "kilde", "type", "melding_id", "status", "forsok", "behandlet"]
    list_filter = ["status", "type", "kilde", ("mottatt", admin.DateFieldListFilter)]
    nummerfelt = ("nokler__nokkel",)
    search_fields = ["melding_id"]
    search_help_text = "Søk på DUF-nummer, Reg-nr eller meldings-ID."
    fields = [
        "kilde",
        "type",
        "melding_id",
        "avsender",
        "status",
        "feilene",
        "meldingen",
        "mottatt",
        "behandlet",
        "forsok",
        "behandlet_paa_nytt",
        "behandlet_paa_nytt_av",
    ]
    readonly_fields = fields
    actions = ["behandle_paa_nytt"]

    @admin.display(description="Feil")
    def feilene(self, obj):
        if not obj.feil:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {}</li>",
                ((f["felt"] or "meldingen", f["nb"]) for f in obj.feil),
            ),
        )

    @admin.display(description="Melding")
    def meldingen(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.data, indent=2, ensure_ascii=False))

    @admin.action(description="Behandle på nytt (feilet, venter eller avvist)")
    def behandle_paa_nytt(self, request, queryset):
        for_hver(
            self,
            request,
            queryset,
            lambda melding: services.behandle_paa_nytt(melding=melding, av=request.user),
            "Behandlet på nytt",
        )
