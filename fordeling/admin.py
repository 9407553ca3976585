from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django_htmx.http import HttpResponseClientRefresh

from imdinett.feil import DomeneFeil
from imdinett.organisasjoner.admin_site import ImdiModelAdmin, LesAdmin, LesInline, tomfilter
from imdinett.organisasjoner.models import Kommune
from imdinett.paginering import sidetall
from imdinett.uker import mandag
from innmelding.selectors import kapasitet
from kommune.selectors import kommuner_med_vedtak

from . import brev, services
from .forms import ForslagSkjema
from .forslag import beregning, resultatside
from .forslag import modell as fs
from .forslag.inndata import fordelingsklare, forslag_grunnlag
from .models import Fordelingslinje, Fordelingsliste, Forslagsberegning, Tilbakemelding, TilbakemeldingMangel
from .selectors import imdi as imdi_selectors

HUSSTANDER_PER_SIDE = 25  # the builder's candidates; the search narrows them (Reg-nr, DUF, name, mottak …)
# Anything else posted («vis»: search, paging) only draws the page.
HANDLINGER = {"send", "lagre", "trekk", "lag_brev"}


@admin.register(Fordelingsliste)
class FordelingslisteAdmin(ImdiModelAdmin):
    """IMDi's workbench for distribution: «Legg til» and a draft open the builder; a sent list shows the
    kommune's answer and can be withdrawn until it is answered. Every step goes through fordeling.services."""

    list_display = ["navn", "kommune", "status", "antall", "sendt", "besvart", "brev_status"]
    list_filter = ["status", "brev_status"]
    search_fields = ["navn", "kommune__navn", "kommune__nummer"]
    list_select_related = ["kommune"]
    actions = ["lag_brev_paa_nytt"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(antall_personer=Count("linjer"))

    @admin.display(description="Antall personer", ordering="antall_personer")
    def antall(self, obj):
        return obj.antall_personer

    @admin.action(description="Lag brevene på nytt")
    def lag_brev_paa_nytt(self, request, queryset):
        for liste in queryset:
            try:
                brev.fordelingsliste_lag_brev_paa_nytt(liste=liste, av=request.user)
            except DomeneFeil as e:
                self.message_user(request, e.melding, messages.WARNING)
            else:
                self.message_user(request, f"Brevene til «{liste.navn}» lages på nytt.")

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
        kommune_id = data.get("kommune", "")
        kommune = (
            liste.kommune
            if liste
            else Kommune.objects.filter(
                pk=int(kommune_id) if kommune_id.isdecimal() and len(kommune_id) < 10 else None
            ).first()
        )
        feil = None
        handling = request.POST.get("handling")
        if request.method == "POST" and kommune is not None and handling in HANDLINGER:
            respons, liste, feil = self._handling(request, liste, kommune)
            if respons is not None:
                return respons
        sok = data.get("q", "")
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
        if liste is not None and not liste.er_utkast:
            ctx["linjer"] = liste.linjer.select_related("person", "brev").order_by("person__husstand__reg_nr")
            return TemplateResponse(request, "admin/fordeling/liste.html", ctx)
        if kommune is not None:
            # What is ticked survives searching and paging: those buttons post the whole form (handling
            # «vis») and the page is drawn again from what was posted, not from the saved draft.
            valgte = (
                _valgte_husstander(request)
                if request.method == "POST"
                else (imdi_selectors.utkast_husstander(liste) if liste else {})
            )
            valgt, side = imdi_selectors.fordelingsklare_husstander(
                sok=sok, valgte=valgte, side=data.get("side"), per_side=HUSSTANDER_PER_SIDE
            )
            for h in [*valgt, *side.object_list]:  # once here, not a loop over the choices in every row
                h.valgt = h.husstand_id in valgte
                h.innmelding_id = valgte.get(h.husstand_id)
            idag = timezone.localdate()
            rader, total = imdi_selectors.ledige_plasser(kommune, idag.year)
            ctx.update(
                aar=idag.year,
                ledige=rader,
                ledige_total=total,
                innmeldinger=list(imdi_selectors.aapne_innmeldinger(kommune)),
                kapasitet=kapasitet(kommune, fra=mandag(idag), uker=8),
                valgt=valgt,
                valgt_personer=sum(len(h.personer) for h in valgt),
                side=side,
                sider=sidetall(side),
            )
        return TemplateResponse(request, "admin/fordeling/arbeidsbenk.html", ctx)

    # ---- Forslag til fordeling (issue #9; computed by the worker since #21) ----

    def get_urls(self):
        egne = [
            path(
                "forslag/",
                self.admin_site.admin_view(self.forslag_view),
                name="fordeling_fordelingsliste_forslag",
            ),
            path(
                "forslag/<int:pk>/",
                self.admin_site.admin_view(self.forslag_resultat_view),
                name="fordeling_fordelingsliste_forslag_resultat",
            ),
        ]
        return egne + super().get_urls()

    def forslag_view(self, request):
        """The selection as filters and «Beregn forslag»: the worker computes, the result page waits for it."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        klare = fordelingsklare()
        skjema = ForslagSkjema(klare=klare, kommuner=())  # unbound: only its fields are drawn
        if request.method == "POST":
            # «Beregn forslag» only checks the selection (the Reg-nr and kommuner typed) and leaves the numbers
            # to the worker, which reads them all again: the page is drawn only to show the form's errors.
            aar = timezone.localdate().year
            skjema = ForslagSkjema(request.POST, klare=klare, kommuner=kommuner_med_vedtak(aar))
            if skjema.is_valid():
                bestilt = beregning.forslag_bestill(utvalg=skjema.cleaned_data, av=request.user)
                return redirect("admin:fordeling_fordelingsliste_forslag_resultat", bestilt.pk)
        # The households in one query, paged here (a count and a page would group every open case twice);
        # only the page's households are built; the kommuner are all shown.
        side = Paginator(list(klare), HUSSTANDER_PER_SIDE).get_page(request.GET.get("side"))
        grunnlag = forslag_grunnlag(husstand_ider={r["husstand_id"] for r in side.object_list})
        kommuner = sorted(grunnlag.kommunevisning.values(), key=lambda k: (k.navn, k.nummer))
        ctx = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Forslag til fordeling",
            "skjema": skjema,
            "side": side,
            "sider": sidetall(side),
            "husstander": [
                grunnlag.husstandsvisning[r["husstand_id"]]
                for r in side.object_list
                if r["husstand_id"] in grunnlag.husstandsvisning
            ],
            "antall_paa_utkast": Fordelingslinje.objects.filter(
                liste__status=Fordelingsliste.Status.UTKAST,
                person__husstand_id__in=klare.values("husstand_id"),
            )
            .values("person__husstand_id")
            .distinct()
            .count(),
            "kommuner": kommuner,
            "antall_med_ledige": sum(1 for k in kommuner if sum(k.ledige)),
            "aar": grunnlag.aar,
            "tidligere": Forslagsberegning.objects.select_related("bestilt_av").defer("resultat")[:10],
        }
        return TemplateResponse(
            request, "admin/fordeling/forslag.html", ctx, status=400 if skjema.errors else 200
        )

    def forslag_resultat_view(self, request, pk):
        """While the worker computes: its status, polled (htmx). Then the suggestion, a page of kommuner at a
        time, with the reasons; the caseworker unticks, moves or adds households and turns the kommuner ticked
        on the page into draft lists (fordeling.forslag.beregning.forslag_lag_utkast)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        bestilt = get_object_or_404(
            Forslagsberegning.objects.select_related("bestilt_av").defer("resultat"), pk=pk
        )
        if bestilt.status != Forslagsberegning.Status.FERDIG:
            if request.method == "POST":
                beregning.forslag_start_igjen(beregning=bestilt, av=request.user)
                return redirect("admin:fordeling_fordelingsliste_forslag_resultat", bestilt.pk)
            ctx = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Forslag til fordeling: beregnes",
                "beregning": bestilt,
            }
            if request.htmx:
                return TemplateResponse(request, "admin/fordeling/forslag_status.html", ctx)
            return TemplateResponse(request, "admin/fordeling/forslag_venter.html", ctx)
        if request.htmx:
            return HttpResponseClientRefresh()
        data = beregning.resultatet(bestilt)
        resultat = fs.forslag_fra_dict(data["forslag"])
        vis = resultatside.side(resultat, data, request.GET)
        feil = None
        if request.method == "POST":
            try:
                fordeling, advarsler = _justert_fordeling(request.POST, resultat, data, vis["paa_siden"])
                lister = beregning.forslag_lag_utkast(beregning=bestilt, fordeling=fordeling, av=request.user)
            except DomeneFeil as e:
                feil = e
            else:
                for advarsel in advarsler:
                    self.message_user(request, advarsel, messages.WARNING)
                lenker = format_html_join(
                    ", ",
                    '<a href="{}">{}</a>',
                    (
                        (reverse("admin:fordeling_fordelingsliste_change", args=[li.pk]), li.navn)
                        for li in lister
                    ),
                )
                self.message_user(
                    request,
                    format_html(
                        "Laget eller utvidet {} {}: {}. Åpne et utkast for å se over og sende det til kommunen.",
                        len(lister),
                        "utkast" if len(lister) == 1 else "utkast til fordelingslister",
                        lenker,
                    ),
                )
                return redirect(request.get_full_path())
        ctx = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Forslag til fordeling: resultat",
            "feil": feil,
            "beregning": bestilt,
            **resultatside.visning(resultat, data, vis, bestilt.utkast, request.POST if feil else None),
        }
        return TemplateResponse(
            request, "admin/fordeling/forslag_resultat.html", ctx, status=400 if feil else 200
        )

    def _handling(self, request, liste, kommune):
        """(response, the list, a refusal): a refused send keeps the saved draft and the typed reason."""
        handling = request.POST.get("handling")
        try:
            if handling == "lag_brev" and liste is not None:
                brev.fordelingsliste_lag_brev_paa_nytt(liste=liste, av=request.user)
                self.message_user(request, "Brevene lages på nytt.")
                return redirect("admin:fordeling_fordelingsliste_change", liste.pk), liste, None
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


def _tall(verdi: str | None) -> int | None:
    return int(verdi) if verdi and verdi.isdecimal() else None


def _justert_fordeling(post, resultat: fs.Forslag, data: dict, paa_siden: set[int]) -> tuple[dict, list[str]]:
    """{kommune id: {husstand id: innmelding id}} from the result form: households left ticked, moved with
    «Flytt til» or added from the unplaced; of the kommuner on the page (`paa_siden`) only those whose «Lag
    utkast» is ticked; a kommune on another page, or with no suggestion, gets the households moved or added to
    it. Plus warnings for binding ties broken.
    A kommune typed that is not among the suggestion's kommuner is refused with DomeneFeil."""
    kommuner, husstander = data["kommuner"], data["husstander"]
    valgte = {int(k) for k in post.getlist("kommune") if k.isdecimal()}
    med = {int(h) for h in post.getlist("husstand") if h.isdecimal()}
    fordeling: dict[int, dict[int, int | None]] = {}
    advarsler = []
    # «Flytt til» / «Legg til i» is typed with a list of suggestions: «Sortland (1870)», the number or the name.
    indeks = resultatside.kommuneindeks((int(kid), k["navn"], k["nummer"]) for kid, k in kommuner.items())

    def til_kommune(felt: str, hid: int) -> int | None:
        tekst = post.get(felt, "").strip()
        if not tekst:
            return None
        kid = indeks.get(tekst.lower())
        if kid is None:
            raise DomeneFeil(
                f"Fant ikke kommunen «{tekst}» for Reg-nr {husstander[str(hid)]['reg_nr']}. Velg en av kommunene i "
                "forslaget fra listen."
            )
        return kid

    def legg_til(hid: int, kid: int, innmelding: int | None) -> None:
        if kid in paa_siden and kid not in valgte:
            return
        fordeling.setdefault(kid, {})[hid] = innmelding
        bindende = husstander[str(hid)]["bindende_kommune"]
        if bindende and bindende != kid:
            advarsler.append(
                f"Reg-nr {husstander[str(hid)]['reg_nr']} har bindende tilknytning til en annen kommune, men er "
                f"lagt på utkastet til {kommuner[str(kid)]['navn']}."
            )

    for p in resultat.plasseringer:
        if p.husstand_id in med:
            til = til_kommune(f"flytt_{p.husstand_id}", p.husstand_id) or p.kommune_id
            legg_til(p.husstand_id, til, p.innmelding_id if til == p.kommune_id else None)
    for u in resultat.uplasserte:
        if str(u.husstand_id) in husstander:
            til = til_kommune(f"legg_til_{u.husstand_id}", u.husstand_id)
            if til:
                legg_til(u.husstand_id, til, None)
    return fordeling, advarsler


def _valgte_husstander(request) -> dict[int, int | None]:
    """{husstand id: innmelding id or None} from the builder's checkboxes and selects."""
    ut = {}
    for h in request.POST.getlist("husstand"):
        if h.isdecimal():
            innmelding = request.POST.get(f"innmelding_{h}", "")
            ut[int(h)] = int(innmelding) if innmelding.isdecimal() else None
    return ut


class MangelInline(LesInline, admin.TabularInline):
    model = TilbakemeldingMangel


@admin.register(Tilbakemelding)
class TilbakemeldingAdmin(LesAdmin):
    """The kommuner's feedback on missing or wrong information, grouped by mottak and by what was missing
    above the list (for the filtered selection); IMDi marks it handled."""

    list_display = ["registrert", "kommune", "mottak", "kategori", "hva_manglet", "person", "behandlet"]
    list_filter = [
        ("behandlet", tomfilter("Ikke behandlet", "Behandlet")),
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
        respons = super().changelist_view(request, extra_context)
        cl = getattr(respons, "context_data", {}).get("cl")
        if cl is not None:
            valgte = cl.queryset.order_by()
            respons.context_data["per_mottak"] = (
                valgte.values("mottak__navn").annotate(antall=Count("id", distinct=True)).order_by("-antall")
            )
            mangler = dict(TilbakemeldingMangel.Mangel.choices)
            respons.context_data["per_mangel"] = [
                (mangler[r["mangel"]], r["antall"])
                for r in TilbakemeldingMangel.objects.filter(tilbakemelding__in=valgte.values("pk"))
                .values("mangel")
                .annotate(antall=Count("id"))
                .order_by("-antall")
            ]
        return respons
