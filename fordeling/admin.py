from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from imdinett.admin_site import ImdiModelAdmin, LesAdmin, LesInline
from imdinett.feil import DomeneFeil
from imdinett.organisasjoner.models import Kommune
from innmelding.selectors import kapasitet
from innmelding.services import mandag

from . import selectors, services
from .models import Fordelingsliste, Tilbakemelding, TilbakemeldingMangel

L = Fordelingsliste.Status


@admin.register(Fordelingsliste)
class FordelingslisteAdmin(ImdiModelAdmin):
    """IMDi's workbench for distribution: «Legg til» and a draft open the builder; a sent list shows the
    kommune's answer and can be withdrawn until it is answered. Every step goes through fordeling.services."""

    list_display = ["navn", "kommune", "status", "antall", "sendt", "besvart"]
    list_filter = ["status"]
    search_fields = ["navn", "kommune__navn", "kommune__nummer"]
    list_select_related = ["kommune"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(antall_personer=Count("linjer"))

    @admin.display(description="Antall personer", ordering="antall_personer")
    def antall(self, obj):
        return obj.antall_personer

    def add_view(self, request, form_url="", extra_context=None):
        return self._arbeidsbenk(request, None)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        liste = self.get_object(request, object_id)
        if liste is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return self._arbeidsbenk(request, liste)

    def _arbeidsbenk(self, request, liste: Fordelingsliste | None):
        # The builder replaces Django's add/change views, so it asks for the permission itself (Bufetat
        # reaches the admin for its innmeldinger only).
        if not self.has_change_permission(request, liste):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        kommune = liste.kommune if liste else Kommune.objects.filter(pk=data.get("kommune") or None).first()
        feil = None
        if request.method == "POST" and kommune is not None:
            svar, liste, feil = self._handling(request, liste, kommune)
            if svar is not None:
                return svar
        sok = request.GET.get("q", "")
        ctx = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Fordelingsliste {liste.navn}" if liste else "Ny fordelingsliste",
            "liste": liste,
            "kommune": kommune,
            "kommuner": Kommune.objects.order_by("navn") if kommune is None else [],
            "sok": sok,
            "begrunnelse": request.POST.get("overskridelse_begrunnelse", ""),
            "feil": feil,
        }
        if liste is not None and liste.status != L.UTKAST:
            ctx["linjer"] = liste.linjer.select_related("person", "brev").order_by("person__husstand__reg_nr")
            return TemplateResponse(request, "admin/fordeling/liste.html", ctx)
        if kommune is not None:
            valgte = (
                _valgte_husstander(request)
                if request.method == "POST"
                else (selectors.utkast_husstander(liste) if liste else {})
            )
            idag = timezone.localdate()
            rader, total = selectors.ledige_plasser(kommune, idag.year)
            ctx.update(
                aar=idag.year,
                ledige=rader,
                ledige_total=total,
                innmeldinger=list(selectors.apne_innmeldinger(kommune)),
                kapasitet=kapasitet(kommune, fra=mandag(idag), uker=8),
                husstander=selectors.fordelingsklare_husstander(sok=sok, valgte=set(valgte)),
                valgte=valgte,
            )
        return TemplateResponse(request, "admin/fordeling/arbeidsbenk.html", ctx)

    def _handling(self, request, liste, kommune):
        """(response, the list, a refusal): a refused send keeps the saved draft and the typed reason."""
        handling = request.POST.get("handling")
        try:
            if handling == "trekk" and liste is not None:
                services.fordelingsliste_trekk(
                    liste=liste, begrunnelse=request.POST.get("trukket_begrunnelse", ""), av=request.user
                )
                self.message_user(request, "Listen er trukket tilbake; husstandene er fordelingsklare igjen.")
                return redirect("admin:fordeling_fordelingsliste_change", liste.pk), liste, None
            liste = services.fordelingsliste_lagre(
                kommune=kommune, husstander=_valgte_husstander(request), liste=liste, av=request.user
            )
            if handling == "send":
                services.fordelingsliste_send(
                    liste=liste,
                    overskridelse_begrunnelse=request.POST.get("overskridelse_begrunnelse", ""),
                    av=request.user,
                )
                self.message_user(request, f"Fordelingslisten «{liste.navn}» er sendt til {kommune.navn}.")
                return redirect("admin:fordeling_fordelingsliste_changelist"), liste, None
            self.message_user(request, f"Utkastet «{liste.navn}» er lagret.")
            return redirect("admin:fordeling_fordelingsliste_change", liste.pk), liste, None
        except DomeneFeil as e:
            return None, liste, e


def _valgte_husstander(request) -> dict[int, int | None]:
    """{husstand id: innmelding id or None} from the builder's checkboxes and selects."""
    ut = {}
    for h in request.POST.getlist("husstand"):
        if h.isdigit():
            innmelding = request.POST.get(f"innmelding_{h}", "")
            ut[int(h)] = int(innmelding) if innmelding.isdigit() else None
    return ut


class MangelInline(LesInline, admin.TabularInline):
    model = TilbakemeldingMangel


@admin.register(Tilbakemelding)
class TilbakemeldingAdmin(LesAdmin):
    """The kommuner's feedback on missing or wrong information, grouped by mottak and by what was missing
    above the list (for the filtered selection); IMDi marks it handled."""

    list_display = ["registrert", "kommune", "mottak", "kategori", "hva_manglet", "person", "behandlet"]
    list_filter = [
        ("behandlet", admin.EmptyFieldListFilter),
        "mangler__mangel",
        "kategori",
        "mottak",
    ]
    search_fields = ["person__duf_nummer", "kommune__navn", "mottak__navn", "tekst"]
    list_select_related = ["kommune", "mottak", "person"]
    inlines = [MangelInline]
    actions = ["marker_behandlet"]
    change_list_template = "admin/fordeling/tilbakemelding_liste.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("mangler")

    @admin.display(description="Hva manglet")
    def hva_manglet(self, obj):
        return ", ".join(m.get_mangel_display() for m in obj.mangler.all())

    @admin.action(description="Marker som behandlet")
    def marker_behandlet(self, request, queryset):
        antall = services.tilbakemeldinger_behandle(tilbakemeldinger=list(queryset), av=request.user)
        self.message_user(request, f"Markert som behandlet: {antall}.")

    def changelist_view(self, request, extra_context=None):
        svar = super().changelist_view(request, extra_context)
        cl = getattr(svar, "context_data", {}).get("cl")
        if cl is not None:
            valgte = cl.queryset.order_by()
            svar.context_data["per_mottak"] = (
                valgte.values("mottak__navn").annotate(antall=Count("id", distinct=True)).order_by("-antall")
            )
            mangler = dict(TilbakemeldingMangel.Mangel.choices)
            svar.context_data["per_mangel"] = [
                (mangler[r["mangel"]], r["antall"])
                for r in TilbakemeldingMangel.objects.filter(tilbakemelding__in=valgte.values("pk"))
                .values("mangel")
                .annotate(antall=Count("id"))
                .order_by("-antall")
            ]
        return svar
