from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from imdinett.organisasjoner.admin_site import ImdiInline, ImdiModelAdmin, LesAdmin, LesInline, for_hver
from imdinett.organisasjoner.models import Kommune

from . import services
from .models import Anmodning, AnmodningTall, Kategori, SvarfristEndring, Vedtak, VedtakTall


class AnmodningTallInline(ImdiInline, admin.TabularInline):
    """The numbers can be changed only while the anmodning is a draft."""

    model = AnmodningTall
    extra = 3
    can_delete = True

    def _utkast(self, obj) -> bool:
        return obj is None or obj.er_utkast

    def has_add_permission(self, request, obj=None):
        return self._utkast(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._utkast(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._utkast(obj)


class VedtakInline(LesInline, admin.TabularInline):
    model = Vedtak
    fields = ["aar", "status", "sendt", "sendt_av", "plasser"]
    readonly_fields = fields

    @admin.display(description="Vedtatte plasser")
    def plasser(self, obj):
        return "; ".join(
            f"{t.get_kategori_display()}: {t.antall}"
            + (f" (begrunnelse: {t.begrunnelse})" if t.begrunnelse else "")
            for t in obj.tall.all()
        )


class SvarfristInline(LesInline, admin.TabularInline):
    model = SvarfristEndring
    fields = ["fra", "til", "begrunnelse", "endret", "endret_av"]
    readonly_fields = fields


class FlereKommunerSkjema(forms.Form):
    kommuner = forms.ModelMultipleChoiceField(
        label="Kommuner",
        queryset=Kommune.objects.filter(overordnet__isnull=True).order_by("navn"),
        widget=forms.SelectMultiple(attrs={"size": 15}),
    )
    fra_aar = forms.IntegerField(label="Fra år", min_value=2000, max_value=2100)
    til_aar = forms.IntegerField(label="Til år", min_value=2000, max_value=2100)
    svarfrist = forms.DateField(label="Svarfrist")
    tilleggsanmodning = forms.BooleanField(label="Tilleggsanmodning", required=False)
    voksne = forms.IntegerField(label=Kategori.VOKSNE.label, min_value=0, initial=0)
    em_15_18 = forms.IntegerField(label=Kategori.EM_15_18.label, min_value=0, initial=0)
    em_under_15 = forms.IntegerField(label=Kategori.EM_UNDER_15.label, min_value=0, initial=0)

    def clean(self):
        data = super().clean()
        if data.get("fra_aar") and data.get("til_aar") and data["til_aar"] < data["fra_aar"]:
            self.add_error("til_aar", "Til år kan ikke være før fra år.")
        return data


@admin.register(Anmodning)
class AnmodningAdmin(ImdiModelAdmin):
    """IMDi's workbench for anmodninger: create (one or many kommuner), send, purr, and answer the
    kommune's vedtak — every action through kommune.services."""

    list_display = ["__str__", "kommune", "status", "svarfrist", "sendt", "svart"]
    list_filter = ["status", "tilleggsanmodning"]
    search_fields = ["kommune__navn", "kommune__nummer"]
    list_select_related = ["kommune"]
    autocomplete_fields = ["kommune"]
    inlines = [AnmodningTallInline, VedtakInline, SvarfristInline]
    fields = [
        "kommune",
        "tilleggsanmodning",
        "svarfrist",
        "status",
        "sendt",
        "aapnet",
        "svart",
        "anmodningsbrev",
        "brev_paa_epost",
        "imdi_kommentar",
    ]
    readonly_fields = ["status", "sendt", "aapnet", "svart", "anmodningsbrev", "brev_paa_epost"]

    def get_readonly_fields(self, request, obj=None):
        sendt = obj is not None and not obj.er_utkast
        return [*self.readonly_fields, *(["kommune", "tilleggsanmodning", "svarfrist"] if sendt else [])]

    actions = ["send", "brev_epost", "purr", "bekreft", "kommenter", "returner"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tall")

    @admin.display(description="Anmodningsbrev")
    def anmodningsbrev(self, obj):
        if obj.brev_id is None:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse("dokument", args=[obj.brev_id]), obj.brev.tittel)

    @admin.display(description="Brevet på e-post")
    def brev_paa_epost(self, obj):
        if obj.brev_uten_epost:
            return "Ikke sendt: kommunen hadde ingen e-postadresse. Kommunen laster ned brevet i IMDinett."
        if obj.brev_epost_id is None:
            return "–"
        epost = obj.brev_epost
        return format_html(
            '<a href="{}">{} til {}</a>',
            reverse("admin:hendelser_epost_change", args=[epost.pk]),
            epost.get_status_display(),
            epost.til,
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.opprettet_av = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        egne = [
            path("flere/", self.admin_site.admin_view(self.flere_kommuner), name="kommune_anmodning_flere")
        ]
        return egne + super().get_urls()

    def flere_kommuner(self, request):
        """«Ny anmodning til flere kommuner»: the same numbers for each chosen kommune and year."""
        skjema = FlereKommunerSkjema(request.POST or None)
        if request.method == "POST" and skjema.is_valid():
            d = skjema.cleaned_data
            liste = services.anmodning_opprett(
                kommuner=d["kommuner"],
                aar=list(range(d["fra_aar"], d["til_aar"] + 1)),
                tall={k: d[k] for k in Kategori.values},
                svarfrist=d["svarfrist"],
                tilleggsanmodning=d["tilleggsanmodning"],
                av=request.user,
            )
            self.message_user(
                request, f"{len(liste)} anmodninger er opprettet som utkast. Velg dem og «Send»."
            )
            return redirect("admin:kommune_anmodning_changelist")
        ctx = {
            **self.admin_site.each_context(request),
            "title": "Ny anmodning til flere kommuner",
            "skjema": skjema,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/kommune/anmodning_flere.html", ctx)

    def _hver(self, request, queryset, handling, melding: str):
        for_hver(
            self,
            request,
            queryset.select_related("kommune"),
            lambda a: handling(anmodning=a, av=request.user),
            melding,
        )

    @admin.action(description="Send valgte anmodninger til kommunene")
    def send(self, request, queryset):
        uten_epost = []

        def send(anmodning, av):
            sendt = services.anmodning_send(anmodning=anmodning, av=av)
            if sendt.brev_uten_epost:
                uten_epost.append(sendt.kommune.navn)

        self._hver(request, queryset, send, "Sendt")
        if uten_epost:
            self.message_user(
                request,
                f"Anmodningsbrevet ble ikke sendt på e-post til {', '.join(sorted(uten_epost))}, som ikke har "
                "e-postadresse i IMDinett. Brevet ligger i IMDinett, der kommunen kan laste det ned. "
                "Registrer e-postadressen under Kommuner og velg «Send anmodningsbrevet på e-post».",
                messages.WARNING,
            )

    @admin.action(description="Send anmodningsbrevet på e-post")
    def brev_epost(self, request, queryset):
        self._hver(request, queryset, services.anmodningsbrev_epost, "Anmodningsbrevet sendes på e-post")

    @admin.action(description="Send purring")
    def purr(self, request, queryset):
        self._hver(request, queryset, services.anmodning_purr, "Purret")

    @admin.action(description="Bekreft kommunens vedtak")
    def bekreft(self, request, queryset):
        self._hver(
            request,
            queryset,
            lambda anmodning, av: services.anmodning_bekreft(
                anmodning=anmodning, kommentar=anmodning.imdi_kommentar, av=av
            ),
            "Bekreftet",
        )

    @admin.action(description="Kommenter svaret (teksten i «IMDis kommentar»)")
    def kommenter(self, request, queryset):
        self._hver(
            request,
            queryset,
            lambda anmodning, av: services.anmodning_kommenter(
                anmodning=anmodning, kommentar=anmodning.imdi_kommentar, av=av
            ),
            "Kommentert",
        )

    @admin.action(description="Returner svaret til kommunen (med teksten i «IMDis kommentar»)")
    def returner(self, request, queryset):
        self._hver(
            request,
            queryset,
            lambda anmodning, av: services.anmodning_returner(
                anmodning=anmodning, melding=anmodning.imdi_kommentar, av=av
            ),
            "Returnert",
        )


@admin.register(Vedtak)
class VedtakAdmin(LesAdmin):
    list_display = ["anmodning", "aar", "status", "sendt", "sendt_av"]
    list_filter = ["status", "aar"]
    list_select_related = ["anmodning__kommune", "sendt_av"]


@admin.register(VedtakTall)
class VedtakTallAdmin(LesAdmin):
    list_display = ["vedtak", "kategori", "antall", "begrunnelse"]
    list_select_related = ["vedtak__anmodning__kommune"]
