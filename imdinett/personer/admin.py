from collections import defaultdict

from django.contrib import admin, messages

from imdinett.admin_site import ImdiModelAdmin, LesAdmin
from imdinett.feil import DomeneFeil

from . import services
from .models import (
    Behandler,
    Bosettingssak,
    Bosettingssamtale,
    Funksjonsrapport,
    Husstand,
    InternMerknad,
    Person,
)


class PersonInline(admin.TabularInline):
    model = Person
    fields = ["duf_nummer", "fornavn", "etternavn", "persontype", "relasjon", "fodselsdato"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Husstand)
class HusstandAdmin(ImdiModelAdmin):
    search_fields = ["reg_nr"]
    inlines = [PersonInline]


@admin.register(Person)
class PersonAdmin(ImdiModelAdmin):
    list_display = ["duf_nummer", "etternavn", "fornavn", "persontype", "husstand", "mottak", "sak_status"]
    list_filter = ["persontype", "beskyttelse", "sakstype", "bosettingssak__status", "mottak"]
    search_fields = ["duf_nummer", "fodselsnummer", "etternavn", "fornavn", "husstand__reg_nr"]
    list_select_related = ["husstand", "mottak", "bosettingssak"]
    autocomplete_fields = ["husstand", "mottak"]
    actions = ["opprett_bosettingssak"]

    @admin.display(description="Bosettingssak")
    def sak_status(self, obj):
        sak = getattr(obj, "bosettingssak", None)
        return sak.get_status_display() if sak else "–"

    @admin.action(description="Opprett bosettingssak (per husstand)")
    def opprett_bosettingssak(self, request, queryset):
        husstander = defaultdict(list)
        for person in queryset.select_related("mottak"):
            husstander[person.husstand_id].append(person)
        for personer in husstander.values():
            try:
                saker = services.bosettingssak_opprett(personer=personer, av=request.user)
            except DomeneFeil as e:
                self.message_user(
                    request, f"Reg-nr {personer[0].husstand.reg_nr}: {e.melding}", messages.ERROR
                )
            else:
                self.message_user(
                    request, f"Bosettingssak opprettet for {len(saker)} person(er).", messages.SUCCESS
                )


@admin.register(Bosettingssak)
class BosettingssakAdmin(ImdiModelAdmin):
    """Status changes only through the lifecycle service; the fields here are read-only."""

    list_display = ["person", "status", "opprettet", "frist", "kommune", "forventet_uke", "bosettingsdato"]
    list_filter = ["status", "person__mottak"]
    search_fields = ["person__duf_nummer", "person__etternavn", "person__husstand__reg_nr"]
    list_select_related = ["person", "kommune"]
    readonly_fields = [f.name for f in Bosettingssak._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(InternMerknad)
class InternMerknadAdmin(LesAdmin):
    """Internal notes from the mottak: IMDi reads them here (the e-mail alert links to this list)."""

    list_display = ["opprettet", "person", "tittel", "imdi_varslet", "opprettet_av"]
    list_filter = [("imdi_varslet", admin.EmptyFieldListFilter)]
    search_fields = ["person__duf_nummer", "tittel"]
    list_select_related = ["person", "opprettet_av"]


@admin.register(Behandler)
class BehandlerAdmin(LesAdmin):
    list_display = ["person", "navn", "virksomhet", "telefon", "epost"]
    search_fields = ["person__duf_nummer", "navn"]
    list_select_related = ["person"]


@admin.register(Funksjonsrapport)
class FunksjonsrapportAdmin(LesAdmin):
    list_display = ["dato", "person", "ingen_endring", "registrert_av"]
    search_fields = ["person__duf_nummer"]
    list_select_related = ["person", "registrert_av"]


@admin.register(Bosettingssamtale)
class BosettingssamtaleAdmin(LesAdmin):
    list_display = ["person", "endret", "saerlig_hensyn"]
    search_fields = ["person__duf_nummer", "person__etternavn"]
    list_select_related = ["person"]
