from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from imdinett.feil import DomeneFeil
from imdinett.organisasjoner.admin_site import (
    ImdiInline,
    ImdiModelAdmin,
    LesAdmin,
    StorListe,
    for_hver,
    tomfilter,
)
from imdinett.uker import uke_visning

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
class PersonAdmin(StorListe, ImdiModelAdmin):
    list_display = ["duf_nummer", "etternavn", "fornavn", "persontype", "husstand", "mottak", "sak_status"]
    list_filter = ["persontype", "beskyttelse", "sakstype", "bosettingssak__status", "mottak"]
    nummerfelt = ("duf_nummer", "fodselsnummer", "husstand__reg_nr")
    search_fields = ["etternavn", "fornavn"]
    search_help_text = "Søk på DUF-nummer, fødselsnummer, Reg-nr eller navn."
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

    def get_search_results(self, request, queryset, search_term):
        """«Legg til bosettingssak» offers only persons who have none (the autocomplete asks from there)."""
        if request.GET.get("model_name") == "bosettingssak":
            queryset = queryset.filter(bosettingssak__isnull=True)
        return super().get_search_results(request, queryset, search_term)

    @admin.action(description="Opprett bosettingssak (per husstand)")
    def opprett_bosettingssak(self, request, queryset):
        husstander = defaultdict(list)
        for person in queryset.select_related("mottak", "husstand"):
            husstander[person.husstand_id].append(person)
        for personer in husstander.values():
            try:
                services.bosettingssak_opprett(personer=personer, av=request.user)
            except DomeneFeil as e:
                self.message_user(request, f"{personer[0].husstand}: {e.melding}", messages.ERROR)
            else:
                self.message_user(request, sak_opprettet_melding(personer), messages.SUCCESS)


def sak_opprettet_melding(personer: list[Person]) -> str:
    """«Bosettingssak opprettet for Nordmann, Ola (…)» or «… for 3 personer i Reg-nr 123456»."""
    if len(personer) == 1:
        return f"Bosettingssak opprettet for {personer[0]}."
    return f"Bosettingssak opprettet for {len(personer)} personer i {personer[0].husstand}."


class NySakSkjema(forms.Form):
    """«Legg til bosettingssak»: a person who has none, and by default the rest of the household too
    (a household is settled together, with one case per person)."""

    person = forms.ModelChoiceField(
        label="Person",
        queryset=Person.objects.filter(bosettingssak__isnull=True),
        error_messages={
            "required": "Velg personen som skal ha bosettingssak.",
            "invalid_choice": "Personen finnes ikke, eller har allerede en bosettingssak.",
        },
        help_text="Søk på DUF-nummer, navn eller Reg-nr. Bare personer uten bosettingssak vises.",
    )
    hele_husstanden = forms.BooleanField(
        label="Også husstandens øvrige personer uten bosettingssak (samme Reg-nr)",
        required=False,
        initial=True,
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        felt = self.fields["person"]
        felt.widget = AutocompleteSelect(Bosettingssak._meta.get_field("person"), admin_site)
        felt.widget.choices = felt.choices

    def personer(self) -> list[Person]:
        person = self.cleaned_data["person"]
        if not self.cleaned_data["hele_husstanden"]:
            return [person]
        return list(
            person.husstand.personer.filter(bosettingssak__isnull=True).select_related("mottak", "husstand")
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


# The weeks a case holds (each as its Monday), shown as «uke 3 2027 (18.01.2027–24.01.2027)».
_UKER = {
    n: uke_visning(Bosettingssak._meta.get_field(n))
    for n in ("forventet_uke", "forste_mulige_uke", "siste_mulige_uke")
}


@admin.register(Bosettingssak)
class BosettingssakAdmin(StorListe, ImdiModelAdmin):
    """Status changes only through the lifecycle service; the fields here are read-only."""

    list_display = [
        "person",
        "status",
        "opprettet",
        "frist",
        "kommune",
        _UKER["forventet_uke"],
        "bosettingsdato",
    ]
    list_filter = ["status", "person__mottak"]
    nummerfelt = ("person__duf_nummer", "person__husstand__reg_nr")
    search_fields = ["person__etternavn"]
    search_help_text = "Søk på DUF-nummer, Reg-nr eller etternavn."
    list_select_related = ["person", "kommune"]
    readonly_fields = [_UKER.get(f.name, f.name) for f in Bosettingssak._meta.fields]
    exclude = list(_UKER)  # shown by their read-only weeks above, never as a form's date fields
    action_form = SakHandlingSkjema
    actions = ["registrer_utflyttet", "registrer_bosettingsnekt", "avslutt"]

    def add_view(self, request, form_url="", extra_context=None):
        """«Legg til bosettingssak»: through the service that opens the case, records it and tells the
        mottak (the same as the Personer list's action)."""
        if not self.has_add_permission(request):
            raise PermissionDenied  # Bufetat reaches the admin for its innmeldinger only
        skjema = NySakSkjema(request.POST or None, admin_site=self.admin_site)
        if request.method == "POST" and skjema.is_valid():
            personer = skjema.personer()
            try:
                saker = services.bosettingssak_opprett(personer=personer, av=request.user)
            except DomeneFeil as e:
                skjema.add_error("person", e.melding)
            else:
                self.message_user(request, sak_opprettet_melding(personer), messages.SUCCESS)
                return redirect("admin:personer_bosettingssak_change", saker[0].pk)
        ctx = {
            **self.admin_site.each_context(request),
            "title": "Legg til ny bosettingssak",
            "skjema": skjema,
            "opts": self.opts,
            "media": self.media + skjema.media,
        }
        return TemplateResponse(request, "admin/personer/bosettingssak/ny.html", ctx)

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
    list_filter = [("imdi_varslet", tomfilter("Ikke varslet", "Varslet"))]
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
class InnsynsloggAdmin(StorListe, LesAdmin):
    """Personvern: who opened which part of a person's folder or printout. Search by DUF-nummer or user
    name; filtered by time (no year list, no list of every value: a million lines a year)."""

    list_display = ["tidspunkt", "person", "seksjon", "bruker", "organisasjon"]
    list_filter = ["organisasjon__type", ("tidspunkt", admin.DateFieldListFilter)]
    nummerfelt = ("person__duf_nummer",)
    search_fields = ["=bruker__username"]
    search_help_text = "Søk på DUF-nummer eller brukernavn."
    list_select_related = ["person", "bruker", "organisasjon"]
