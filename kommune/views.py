import csv
import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from imdinett.feil import DomeneFeil
from imdinett.htmx import side_eller_del
from imdinett.organisasjoner.models import Kommune
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import er_imdi, organisasjoner_med_rolle
from imdinett.skjema import dato_fra_tekst

from . import selectors, services
from .forms import KontaktinformasjonSkjema, SvarfristSkjema, VedtakSkjema
from .models import Anmodning

S = selectors


def start(request):
    """Kommuner in the global menu: the kommune's Oversikt bosetting, or the kommune search."""
    mine = S.mine_kommuner(request.user)
    if mine:
        return redirect("kommune:oversikt", mine[0])
    return redirect("kommune:sok")


def kommuner(request):
    tekst = request.GET.get("q", "")
    mal = side_eller_del(request, "kommune/kommuner.html", "liste")
    ctx = {
        "q": tekst,
        "kommuner": S.kommune_sok(tekst),
        "er_imdi": er_imdi(request.user),
        **kommunemeny(request),
    }
    return render(request, mal, ctx)


def kommune(request, pk: int):
    """Contact information: public to every logged-in user (seed 001, «Kommuner»); «Rediger» for the
    kommune's administrator (and IMDi)."""
    kommune = get_object_or_404(
        Kommune.objects.select_related(
            "postnummer", "flyktningkontor_postnummer", "overordnet", "kontakt_endret_av"
        ),
        pk=pk,
    )
    kan_redigere = er_imdi(request.user) or kommune.pk in organisasjoner_med_rolle(
        request.user, Rolle.KOMMUNEADMINISTRATOR
    )
    skjema = None
    if request.GET.get("rediger") or request.method == "POST":
        if not kan_redigere:
            raise Http404
        skjema = KontaktinformasjonSkjema(request.POST or None, instance=kommune)
        if request.method == "POST" and skjema.is_valid():
            services.kontaktinformasjon_lagre(kommune=kommune, data=skjema.cleaned_data, av=request.user)
            messages.success(request, "Kontaktinformasjonen er lagret.")
            return redirect("kommune:kommune", kommune.pk)
    egen = kommune.pk in S.mine_kommuner(request.user)
    ctx = {
        "kommune": kommune,
        "er_imdi": er_imdi(request.user),
        "kan_redigere": kan_redigere,
        "skjema": skjema,
        **kommunemeny(request, kommune if egen else None, "kontakt" if egen else ""),
    }
    return render(request, "kommune/kommune.html", ctx, status=400 if skjema and skjema.errors else 200)


def kommunemeny(request, kommune: Kommune | None = None, undermeny: str = "") -> dict:
    """Context for the kommune's left menu (kommune/_venstremeny.html), shared with innmelding's pages."""
    mine = S.mine_kommuner(request.user)
    kommune = kommune or (Kommune.objects.get(pk=mine[0]) if mine else None)
    return {"egen_kommune": kommune, "undermeny": undermeny}


def _kommune(request, kommune_id: int, roller=S.KOMMUNE_LES) -> Kommune:
    return S.access_kommune(request.user, kommune_id, *roller)


def _aar(request) -> int:
    try:
        return int(request.GET.get("aar", ""))
    except ValueError:
        return timezone.localdate().year


def oversikt(request, kommune_id: int):
    kommune = _kommune(request, kommune_id)
    aar = _aar(request)
    rader, total = S.oversikt_bosetting(kommune, aar)
    idag = timezone.localdate().year
    ctx = {
        "kommune": kommune,
        "aar": aar,
        "rader": rader,
        "total": total,
        "aarvalg": range(idag - 4, idag + 3),
        **kommunemeny(request, kommune, "oversikt"),
    }
    return render(request, side_eller_del(request, "kommune/oversikt.html", "tabell"), ctx)


def anmodninger(request, kommune_id: int):
    kommune = _kommune(request, kommune_id, S.ANMODER_LES)
    liste = list(S.anmodninger(kommune)[:20])
    under_arbeid = [a for a in liste if a.aapnet and a.status in S.APNE_STATUSER]
    ctx = {
        "kommune": kommune,
        "siste": liste,
        "under_arbeid": under_arbeid,
        **kommunemeny(request, kommune, "anmodninger"),
    }
    return render(request, "kommune/anmodninger.html", ctx)


def historikk(request, kommune_id: int):
    kommune = _kommune(request, kommune_id, S.ANMODER_LES)
    fra, til = dato_fra_tekst(request.GET.get("fra")), dato_fra_tekst(request.GET.get("til"))
    liste = list(S.anmodninger(kommune, fra=fra, til=til))
    ctx = {
        "kommune": kommune,
        "liste": liste,
        "fra": fra,
        "til": til,
        **kommunemeny(request, kommune, "historikk"),
    }
    return render(request, "kommune/historikk.html", ctx)


def _kan_skrive(request, kommune: Kommune) -> bool:
    return kommune.pk in organisasjoner_med_rolle(request.user, Rolle.KOMMUNE_ANMODER_SKRIV)


def anmodning(request, kommune_id: int, anmodning_id: int, svarfristskjema=None):
    kommune = _kommune(request, kommune_id, S.ANMODER_LES)
    a = S.access_anmodning(request.user, kommune, anmodning_id)
    services.anmodning_aapne(anmodning=a, av=request.user)
    aktive = S.aktive_vedtak(a)
    ctx = {
        "kommune": kommune,
        "a": a,
        "aarliste": [(aar, [t for t in a.tall.all() if t.aar == aar], aktive.get(aar)) for aar in S.aar_i(a)],
        "kan_skrive": _kan_skrive(request, kommune),
        "kan_svare": _kan_skrive(request, kommune)
        and a.status in (*S.APNE_STATUSER, Anmodning.Status.SVART)
        and len(aktive) < len(S.aar_i(a)),
        "kan_endre_frist": _kan_skrive(request, kommune) and a.status in S.APNE_STATUSER,
        "svarfristskjema": svarfristskjema or SvarfristSkjema(),
        "endringer": a.svarfristendringer.select_related("endret_av"),
        **kommunemeny(request, kommune, "anmodninger"),
    }
    return render(request, "kommune/anmodning.html", ctx, status=400 if svarfristskjema else 200)


@require_POST
def svarfrist(request, kommune_id: int, anmodning_id: int):
    kommune = _kommune(request, kommune_id, (Rolle.KOMMUNE_ANMODER_SKRIV,))
    a = S.access_anmodning(request.user, kommune, anmodning_id)
    skjema = SvarfristSkjema(request.POST)
    if skjema.is_valid():
        try:
            services.svarfrist_endre(
                anmodning=a,
                ny=skjema.cleaned_data["svarfrist"],
                begrunnelse=skjema.cleaned_data["begrunnelse"],
                av=request.user,
            )
        except DomeneFeil as e:
            skjema.add_error("svarfrist" if e.felt == "svarfrist" else None, e.melding)
        else:
            messages.success(request, "Svarfristen er endret.")
            return redirect("kommune:anmodning", kommune.pk, a.pk)
    return anmodning(request, kommune_id, anmodning_id, svarfristskjema=skjema)


def vedtak(request, kommune_id: int, anmodning_id: int):
    """Registrer vedtak, the seed's wizard: choose year → places per category → summary (Forrige to
    correct) → Godkjenn → Send svar. The values travel with each step; only «Send svar» writes."""
    kommune = _kommune(request, kommune_id, (Rolle.KOMMUNE_ANMODER_SKRIV,))
    a = S.access_anmodning(request.user, kommune, anmodning_id)
    aktive = S.aktive_vedtak(a)
    ledige_aar = [aar for aar in S.aar_i(a) if aar not in aktive]
    data = request.POST if request.method == "POST" else request.GET
    try:
        aar = int(data.get("aar", ""))
    except ValueError:
        aar = None
    ctx = {
        "kommune": kommune,
        "a": a,
        "ledige_aar": ledige_aar,
        **kommunemeny(request, kommune, "anmodninger"),
    }
    if aar not in ledige_aar:
        return render(request, "kommune/vedtak.html", {**ctx, "steg": "velg"})
    rader = S.plasser_for(a, aar)
    steg = request.POST.get("steg", "plasser")
    skjema = VedtakSkjema(request.POST if request.method == "POST" else None, rader=rader)
    ctx.update(aar=aar, skjema=skjema)
    if request.method != "POST" or steg == "plasser" or not skjema.is_valid():
        return render(
            request, "kommune/vedtak.html", {**ctx, "steg": "plasser"}, status=400 if skjema.errors else 200
        )
    if steg == "send":
        try:
            services.vedtak_send(anmodning=a, aar=aar, tall=skjema.tall(), av=request.user)
        except DomeneFeil as e:
            messages.error(request, e.melding)
            return redirect("kommune:anmodning", kommune.pk, a.pk)
        messages.success(
            request,
            f"Vedtaket for {aar} er godkjent og sendt til IMDi. Husk å sende vedtaket også "
            "som brev til IMDis postmottak for arkivering.",
        )
        return redirect("kommune:anmodning", kommune.pk, a.pk)
    return render(
        request, "kommune/vedtak.html", {**ctx, "steg": "godkjenn" if steg == "godkjenn" else "oppsummering"}
    )


def _rapportrader(request, kommune: Kommune | None):
    aar = _aar(request)
    return aar, S.rapport_anmodninger_og_vedtak(aar=aar, kommune=kommune)


KOLONNER = [
    ("kommunenummer", "Kommunenummer"),
    ("kommune", "Kommune"),
    ("kategori", "Kategori"),
    ("anmodet", "Anmodet"),
    ("vedtatt", "Vedtatt"),
]


def _rapport_svar(request, aar: int, rader: list[dict], navn: str, ctx: dict):
    format_ = request.GET.get("format")
    filnavn = f"anmodninger-og-vedtak-{navn}-{aar}"
    if format_ == "csv":
        svar = HttpResponse(content_type="text/csv; charset=utf-8")
        svar["Content-Disposition"] = f'attachment; filename="{filnavn}.csv"'
        svar.write("\ufeff")  # Excel opens UTF-8 with æøå correctly
        skriver = csv.writer(svar, delimiter=";")
        skriver.writerow([t for _, t in KOLONNER])
        for r in rader:
            skriver.writerow([r[k] for k, _ in KOLONNER])
        return svar
    if format_ == "xlsx":
        bok = Workbook()
        ark = bok.active
        ark.title = f"Anmodninger og vedtak {aar}"
        ark.append([t for _, t in KOLONNER])
        for r in rader:
            ark.append([r[k] for k, _ in KOLONNER])
        buffer = io.BytesIO()
        bok.save(buffer)
        svar = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        svar["Content-Disposition"] = f'attachment; filename="{filnavn}.xlsx"'
        return svar
    idag = timezone.localdate().year
    return render(
        request,
        "kommune/rapport.html",
        {**ctx, "aar": aar, "rader": rader, "aarvalg": range(idag - 4, idag + 3)},
    )


def rapport(request, kommune_id: int):
    kommune = _kommune(request, kommune_id, S.ANMODER_LES)
    aar, rader = _rapportrader(request, kommune)
    return _rapport_svar(
        request, aar, rader, kommune.nummer, {"kommune": kommune, **kommunemeny(request, kommune, "rapport")}
    )


def rapport_nasjonal(request):
    if not er_imdi(request.user):
        raise Http404
    aar, rader = _rapportrader(request, None)
    return _rapport_svar(request, aar, rader, "hele-landet", {"kommune": None, **kommunemeny(request)})
