from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from imdinett.feil import DomeneFeil
from imdinett.organisasjoner.admin_site import ImdiInline, ImdiModelAdmin, LesAdmin, for_hver

from . import services
from .models import (
    Behandler,
    Bosettingsinformasjon,
    Bosettingssak,
    Bosettingssamtale,
    Funksjonsrapport,
    Husstand,
    Innsynslogg,
    InternMerknad,
    Karriereveiledning,
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


class BosettingsinformasjonInline(ImdiInline, admin.StackedInline):
    model = Bosettingsinformasjon
    autocomplete_fields = ["bindende_kommune", "veiledende_kommune"]
    exclude = ["endret_av"]
    max_num = 1


class KarriereveiledningInline(ImdiInline, admin.StackedInline):
    model = Karriereveiledning


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
    inlines = [BosettingsinformasjonInline, KarriereveiledningInline]
    readonly_fields = ["innsynslogg", "kompetanse"]

    @admin.display(description="Kompetanse")
    def kompetanse(self, obj):
        """IMDi maps persons outside mottak (overføringsflyktninger); the vertskommune maps residents."""
        if obj.pk is None:
            return "–"
        mappe = format_html(
            '<a href="{}">Se kompetansen i personmappen</a>',
            reverse("personer:seksjon", args=[obj.pk, "kompetanse"]),
        )
        if obj.mottak_id:
            return mappe
        return format_html(
            '<a href="{}">Kompetansekartlegging (IMDi)</a> · {}',
            reverse("kompetanse:kartlegging", args=[obj.pk]),
            mappe,
        )

    @admin.display(description="Personvern")
    def innsynslogg(self, obj):
        if obj.pk is None:
            return "–"
        lenke = reverse("admin:personer_innsynslogg_changelist") + f"?q={obj.duf_nummer}"
        return format_html('<a href="{}">Vis innsynslogg (hvem har åpnet personmappen)</a>', lenke)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            if isinstance(obj, Bosettingsinformasjon):
                obj.endret_av = request.user
            obj.save()

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


class SakHandlingSkjema(ActionForm):
    """What the case actions need besides the chosen cases."""

    dato = forms.DateField(
        label="Dato (dd.mm.åååå)",
        required=False,
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        help_text="Utflytting eller bosettingsnekt; tom: i dag.",
    )
    grunn = forms.ChoiceField(
        label="Avslutningsgrunn",
        required=False,
        choices=[("", "---------"), *Bosettingssak.Avslutningsgrunn.choices],
    )
    merknad = forms.CharField(label="Merknad", required=False, max_length=2000)


@admin.register(Bosettingssak)
class BosettingssakAdmin(ImdiModelAdmin):
    """Status changes only through the lifecycle service; the fields here are read-only."""

    list_display = ["person", "status", "opprettet", "frist", "kommune", "forventet_uke", "bosettingsdato"]
    list_filter = ["status", "person__mottak"]
    search_fields = ["person__duf_nummer", "person__etternavn", "person__husstand__reg_nr"]
    list_select_related = ["person", "kommune"]
    readonly_fields = [f.name for f in Bosettingssak._meta.fields]
    action_form = SakHandlingSkjema
    actions = ["registrer_utflyttet", "registrer_bosettingsnekt", "avslutt"]

    def has_add_permission(self, request):
        return False

    def _skjema(self, request) -> dict | None:
        """The action bar's fields; None (with the errors shown) when one is not valid — a mistyped date
        must not silently become today."""
        skjema = SakHandlingSkjema(request.POST)
        skjema.fields["action"].choices = self.get_action_choices(request)
        if not skjema.is_valid():
            for feil in skjema.errors.values():
                self.message_user(request, " ".join(feil), messages.ERROR)
            return None
        return skjema.cleaned_data

    def _per_husstand(self, request, queryset, handling, melding):
        """Run the lifecycle service once per household among the chosen cases, with the action bar's
        fields (`handling(saker, felt)`); nothing runs when a field is not valid."""
        felt = self._skjema(request)
        if felt is None:
            return
        husstander = defaultdict(list)
        for sak in queryset.select_related("person", "person__husstand", "person__mottak"):
            husstander[sak.person.husstand].append(sak)
        for_hver(
            self, request, list(husstander), lambda husstand: handling(husstander[husstand], felt), melding
        )

    @admin.action(description="Registrer utflyttet fra mottak (bosatt på datoen)")
    def registrer_utflyttet(self, request, queryset):
        self._per_husstand(
            request,
            queryset,
            lambda saker, d: services.bosettingssak_registrer_utflyttet(
                personer=[s.person for s in saker], dato=d["dato"] or timezone.localdate(), av=request.user
            ),
            "Registrert bosatt (husstander)",
        )

    @admin.action(description="Registrer bosettingsnekt (dato og merknad)")
    def registrer_bosettingsnekt(self, request, queryset):
        self._per_husstand(
            request,
            queryset,
            lambda saker, d: services.bosettingssak_registrer_nekt(
                saker=saker, dato=d["dato"] or timezone.localdate(), merknad=d["merknad"], av=request.user
            ),
            "Bosettingsnekt registrert (husstander)",
        )

    @admin.action(description="Avslutt bosettingssak (grunn og merknad)")
    def avslutt(self, request, queryset):
        self._per_husstand(
            request,
            queryset,
            lambda saker, d: services.bosettingssak_avslutt(
                saker=saker, grunn=d["grunn"], merknad=d["merknad"], av=request.user
            ),
            "Avsluttet (husstander)",
        )


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


@admin.register(Innsynslogg)
class InnsynsloggAdmin(LesAdmin):
    """Personvern: who opened which part of a person's folder or printout. Search by DUF-nummer."""

    list_display = ["tidspunkt", "person", "seksjon", "bruker", "organisasjon"]
    list_filter = ["organisasjon__type", "seksjon"]
    search_fields = ["person__duf_nummer", "bruker__username"]
    list_select_related = ["person", "bruker", "organisasjon"]
    date_hierarchy = "tidspunkt"
