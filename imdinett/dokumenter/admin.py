from django.contrib import admin

from imdinett.organisasjoner.admin_site import LesAdmin

from .models import Dokument


@admin.register(Dokument)
class DokumentAdmin(LesAdmin):
    list_display = ["opprettet", "tittel", "type", "organisasjon", "tillatelse", "person"]
    list_filter = ["type", "tillatelse"]
    list_select_related = ["organisasjon", "person"]
