from django.contrib import admin

from imdinett.admin_site import LesAdmin

from .models import Epost, Hendelse, Varsel


@admin.register(Hendelse)
class HendelseAdmin(LesAdmin):
    list_display = ["tidspunkt", "type", "omraade", "tittel", "utfort_av", "organisasjon"]
    list_filter = ["type", "omraade"]
    search_fields = ["tittel", "kode", "personer__duf_nummer"]
    list_select_related = ["utfort_av", "organisasjon"]


@admin.register(Varsel)
class VarselAdmin(LesAdmin):
    list_display = ["opprettet", "organisasjon", "tittel"]
    list_select_related = ["organisasjon"]


@admin.register(Epost)
class EpostAdmin(LesAdmin):
    list_display = ["opprettet", "emne", "til", "sendt", "forsok"]
    list_filter = [("sendt", admin.EmptyFieldListFilter)]
