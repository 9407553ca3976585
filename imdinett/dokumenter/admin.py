from django.contrib import admin

from imdinett.admin_site import LesAdmin

from .models import Dokument


@admin.register(Dokument)
class DokumentAdmin(LesAdmin):
    list_display = ["opprettet", "tittel", "type", "organisasjon", "person"]
    list_filter = ["type"]
    list_select_related = ["organisasjon", "person"]
