import csv
import io
from datetime import date
from itertools import chain

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from xlsxwriter import Workbook

from imdinett.hendelser.forms import NotatSkjema
from imdinett.hendelser.selectors import hendelser_for_organisasjon
from imdinett.hendelser.views import hendelsesliste, notat_behandle
from imdinett.htmx import side_eller_del
from imdinett.organisasjoner.models import Kommune
from imdinett.organisasjoner.tilgang import er_imdi, kan, kommuneside, organisasjoner_med, roller_for
from imdinett.paginering import sidetall
from imdinett.personer.models import Person
from imdinett.personer.selectors import KOMMUNE_MAPPE_STATUSER
from imdinett.skjema import parametere, skjemaside, tjenesten

from . import selectors, services
from .forms import KontaktinformasjonSkjema, SvarfristSkjema, VedtakSkjema
from .models import Anmodning, Kategori


def start(request):
    """Kommuner in the global menu: the kommune's Oversikt bosetting, or the kommune search."""
    if mine := organisasjoner_med(request.user, "kommune.oversikt"):
        return redirect("kommune:oversikt", mine[0])
    if organisasjoner_med(request.user, "kartlegging.skriv"):
        return redirect("kompetanse:oppgaveliste")
    return redirect("kommune:sok")


def kommuner(request):
    tekst = parametere(request).tekst("q")
    mal = side_eller_del(request, "kommune/kommuner.html", "liste")
    ctx = {
        "q": tekst,
        "kommuner": selectors.kommune_sok(tekst),
        "er_imdi": er_imdi(request.user),
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
    kan_redigere = kan(request.user, "kommune.kontakt_endre", kommune)
    skjema = None
    if request.GET.get("rediger") or request.method == "POST":
        if not kan_redigere:
            raise Http404
        skjema = KontaktinformasjonSkjema(request.POST or None, instance=kommune)
        if request.method == "POST" and skjema.is_valid():
            services.kontaktinformasjon_lagre(kommune=kommune, data=skjema.cleaned_data, av=request.user)
            messages.success(request, "Kontaktinformasjonen er lagret.")
            return redirect("kommune:kommune", kommune.pk)
    if kommune.pk in roller_for(request.user):  # the kommune's own users see its menu here
        request.kommune = kommune
    ctx = {
        "kommune": kommune,
        "er_imdi": er_imdi(request.user),
        "kan_redigere": kan_redigere,
        "skjema": skjema,
    }
    return skjemaside(request, "kommune/kommune.html", ctx, skjema)


def _aar(request) -> int:
    return parametere(request).aar(standard=timezone.localdate().year)


@kommuneside("kommune.oversikt")
def oversikt(request):
    kommune = request.kommune
    aar = _aar(request)
    rader, total = selectors.oversikt_bosetting(kommune, aar)
    idag = timezone.localdate().year
    ctx = {
        "kommune": kommune,
        "aar": aar,
        "rader": rader,
        "total": total,
        "aarvalg": range(idag - 4, idag + 3),
    }
    return render(request, side_eller_del(request, "kommune/oversikt.html", "tabell"), ctx)


@kommuneside("anmodning.les")
def anmodninger(request):
    kommune = request.kommune
    liste = list(selectors.anmodninger(kommune)[:20])
    under_arbeid = [a for a in liste if a.aapnet and a.venter_paa_svar]
    ctx = {"kommune": kommune, "siste": liste, "under_arbeid": under_arbeid}
    return render(request, "kommune/anmodninger.html", ctx)


@kommuneside("anmodning.les")
def historikk(request):
    kommune = request.kommune
    les = parametere(request)
    fra, til = les.dato("fra"), les.dato("til")
    liste = list(selectors.anmodninger(kommune, fra=fra, til=til))
    ctx = {"kommune": kommune, "liste": liste, "fra": fra, "til": til}
    return render(request, "kommune/historikk.html", ctx)


@kommuneside("hendelse.les")
def hendelser(request):
    """The kommune's Hendelser: system events and notes, «Opprett notat» linking persons by DUF."""
    kommune = request.kommune
    skjema = None
    if kan(request.user, "hendelse.notat", kommune):
        kan_knyttes = Person.objects.filter(
            bosettingssak__kommune=kommune, bosettingssak__status__in=KOMMUNE_MAPPE_STATUSER
        )
        skjema = NotatSkjema(kan_knyttes=kan_knyttes)
        if request.method == "POST":
            skjema, notat = notat_behandle(request, kan_knyttes=kan_knyttes, organisasjon=kommune)
            if notat is not None:
                messages.success(request, "Notatet er opprettet.")
                return redirect("kommune:hendelser", kommune.pk)
    elif request.method == "POST":
        raise Http404
    ctx = {
        "kommune": kommune,
        "skjema": skjema,
        "handling": request.path,
        **hendelsesliste(request, hendelser_for_organisasjon(kommune)),
    }
    return skjemaside(request, "kommune/hendelser.html", ctx, skjema)


@kommuneside("anmodning.les")
def anmodning(request, anmodning_id: int):
    return _anmodningside(request, selectors.access_anmodning(request.user, request.kommune, anmodning_id))


@require_POST
@kommuneside("anmodning.svar")
def anmodning_aapne(request, anmodning_id: int):
    """«Start behandling»: the anmodning shows under «Anmodninger under arbeid» (seed 002) — a POST, never
    a side effect of reading it."""
    a = selectors.access_anmodning(request.user, request.kommune, anmodning_id)
    services.anmodning_aapne(anmodning=a, av=request.user)
    return redirect("kommune:anmodning", request.kommune.pk, a.pk)


def _anmodningside(request, a: Anmodning, svarfristskjema=None):
    kommune = request.kommune
    kan_skrive = kan(request.user, "anmodning.svar", kommune)
    aktive = selectors.aktive_vedtak(a)
    ctx = {
        "kommune": kommune,
        "a": a,
        "aarliste": [
            (aar, [t for t in a.tall.all() if t.aar == aar], aktive.get(aar)) for aar in selectors.aar_i(a)
        ],
        "kan_skrive": kan_skrive,
        "kan_aapne": kan_skrive and a.aapnet is None and a.venter_paa_svar,
        "kan_svare": kan_skrive and a.kan_besvares and len(aktive) < len(selectors.aar_i(a)),
        "kan_endre_frist": kan_skrive and a.venter_paa_svar,
        "svarfristskjema": svarfristskjema or SvarfristSkjema(),
        "endringer": a.svarfristendringer.select_related("endret_av"),
    }
    return skjemaside(request, "kommune/anmodning.html", ctx, svarfristskjema)


@require_POST
@kommuneside("anmodning.svar")
def svarfrist(request, anmodning_id: int):
    kommune = request.kommune
    a = selectors.access_anmodning(request.user, kommune, anmodning_id)
    skjema = SvarfristSkjema(request.POST)
    if skjema.is_valid():
        with tjenesten(skjema):
            services.svarfrist_endre(
                anmodning=a,
                ny=skjema.cleaned_data["svarfrist"],
                begrunnelse=skjema.cleaned_data["begrunnelse"],
                av=request.user,
            )
            messages.success(request, "Svarfristen er endret.")
            return redirect("kommune:anmodning", kommune.pk, a.pk)
    return _anmodningside(request, a, svarfristskjema=skjema)


@kommuneside("anmodning.svar")
def vedtak(request, anmodning_id: int):
    """Registrer vedtak, the seed's wizard: choose year → places per category → summary (Forrige to
    correct) → Godkjenn → Send svar. The values travel with each step; only «Send svar» writes."""
    kommune = request.kommune
    a = selectors.access_anmodning(request.user, kommune, anmodning_id)
    aktive = selectors.aktive_vedtak(a)
    ledige_aar = [aar for aar in selectors.aar_i(a) if aar not in aktive]
    data = request.POST if request.method == "POST" else request.GET
    try:
        aar = int(data.get("aar", ""))
    except ValueError:
        aar = None
    ctx = {"kommune": kommune, "a": a, "ledige_aar": ledige_aar}
    steg = request.POST.get("steg", "plasser")
    # «Send svar» for a year answered meanwhile (a second tab, another caseworker) still goes to the service,
    # which says «Vedtaket er allerede sendt»; every other step offers only the years not answered.
    sendes = request.method == "POST" and steg == "send"
    if aar not in (selectors.aar_i(a) if sendes else ledige_aar):
        return render(request, "kommune/vedtak.html", {**ctx, "steg": "velg"})
    rader = selectors.plasser_for(a, aar)
    skjema = VedtakSkjema(request.POST if request.method == "POST" else None, rader=rader)
    ctx.update(aar=aar, skjema=skjema)
    if request.method != "POST" or steg == "plasser" or not skjema.is_valid():
        return skjemaside(request, "kommune/vedtak.html", {**ctx, "steg": "plasser"}, skjema)
    if sendes:
        with tjenesten(request):
            services.vedtak_send(anmodning=a, aar=aar, tall=skjema.tall(), av=request.user)
            messages.success(
                request,
                f"Vedtaket for {aar} er godkjent og sendt til IMDi. Husk å sende vedtaket også "
                "som brev til IMDis postmottak for arkivering.",
            )
        return redirect("kommune:anmodning", kommune.pk, a.pk)
    return render(
        request, "kommune/vedtak.html", {**ctx, "steg": "godkjenn" if steg == "godkjenn" else "oppsummering"}
    )


# ---- Reports: one page, CSV and Excel each ----

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMELTEGN = ("=", "+", "-", "@", "\t", "\r")


def _hent(kolonner):
    """The row's values in the columns' order; rows are dicts or objects."""
    felter = [f for f, _ in kolonner]

    def hent(rad) -> list:
        if isinstance(rad, dict):
            return [rad[f] for f in felter]
        return [getattr(rad, f) for f in felter]

    return hent


def _csv_celle(verdi):
    """Dates as dd.mm.åååå; text that a spreadsheet would run as a formula is quoted (OWASP CSV injection)."""
    if isinstance(verdi, date):
        return f"{verdi:%d.%m.%Y}"
    if isinstance(verdi, str) and verdi.startswith(FORMELTEGN):
        return "'" + verdi
    return verdi


def _xlsx(kolonner, rader, hent, ark: str) -> bytes:
    """The rows as an Excel file (XlsxWriter, issue #21). `constant_memory`: each row goes to the sheet's
    temporary file as it comes, so time and memory grow with the rows, not their square (asking openpyxl's sheet
    for its last row on every row made 8,000 rows take 52 s). Dates are real dates shown as dd.mm.åååå, numbers
    real numbers, and text stays text: a value beginning with "=" is never a formula, "http…" never a link."""
    buffer = io.BytesIO()
    bok = Workbook(
        buffer,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "DD.MM.YYYY",
        },
    )
    arket = bok.add_worksheet(ark[:31])  # Excel's limit
    arket.freeze_panes(1, 0)
    for i, (_, tittel) in enumerate(kolonner):
        arket.set_column(i, i, max(12, len(tittel) + 2))
    arket.write_row(0, 0, [tittel for _, tittel in kolonner], bok.add_format({"bold": True}))
    for nr, r in enumerate(rader, start=1):
        arket.write_row(nr, 0, hent(r))
    bok.close()
    return buffer.getvalue()


class _Linje:
    """What csv.writer writes to: `write` hands the formatted row back instead of keeping it (Django's
    «Streaming large CSV files»)."""

    def write(self, linje: str) -> str:
        return linje


def tabell_eksport(
    format_: str | None, *, kolonner, rader, filnavn: str, ark: str
) -> HttpResponse | StreamingHttpResponse | None:
    """The rows as a download: `format_` "csv" (;-separated, UTF-8 with BOM, dates dd.mm.åååå) or "xlsx"
    (real dates and numbers); None for any other value (the caller renders the page).
    `kolonner` is [(field, heading)]; `rader` any iterable of dicts or objects, read once, row by row."""
    hent = _hent(kolonner)
    if format_ == "csv":
        # Streamed a row at a time (issue #21): the file is never held whole in memory. The persons in it
        # were logged by the selector before the response exists.
        skriver = csv.writer(_Linje(), delimiter=";")
        linjer = chain(
            ["\ufeff" + skriver.writerow([t for _, t in kolonner])],  # the BOM: Excel opens æøå correctly
            (skriver.writerow([_csv_celle(v) for v in hent(r)]) for r in rader),
        )
        respons = StreamingHttpResponse(linjer, content_type="text/csv; charset=utf-8")
        respons["Content-Disposition"] = f'attachment; filename="{filnavn}.csv"'
        return respons
    if format_ == "xlsx":
        respons = HttpResponse(_xlsx(kolonner, rader, hent, ark), content_type=XLSX)
        respons["Content-Disposition"] = f'attachment; filename="{filnavn}.xlsx"'
        return respons
    return None


def _kategori(request) -> str:
    return parametere(request).valg("kategori", Kategori.values)


def _format(request) -> str:
    """The download asked for by ?format= ("csv", "xlsx"), "" for the page — and for a bad filter, so a
    file never holds another year than the one asked for."""
    les = parametere(request)
    format_ = les.valg("format", ("csv", "xlsx"))
    return "" if les.feil else format_


def _rapport(request, mal: str, *, kolonner, rader, filnavn: str, ark: str, ctx: dict):
    """A report's response: the download asked for by ?format=, else the page with the year filter."""
    nedlasting = tabell_eksport(_format(request), kolonner=kolonner, rader=rader, filnavn=filnavn, ark=ark)
    if nedlasting is not None:
        return nedlasting
    return _rapportside(request, mal, {**ctx, "rader": rader})


def _rapportside(request, mal: str, ctx: dict):
    idag = timezone.localdate().year
    return render(request, mal, {**ctx, "aarvalg": range(idag - 4, idag + 3)})


ANMODNINGER_KOLONNER = [
    ("kommunenummer", "Kommunenummer"),
    ("kommune", "Kommune"),
    ("kategori", "Kategori"),
    ("anmodet", "Anmodet"),
    ("vedtatt", "Vedtatt"),
]


def _anmodninger_og_vedtak(request, kommune: Kommune | None, navn: str, ctx: dict):
    aar = _aar(request)
    return _rapport(
        request,
        "kommune/rapport.html",
        kolonner=ANMODNINGER_KOLONNER,
        rader=selectors.rapport_anmodninger_og_vedtak(aar=aar, kommune=kommune),
        filnavn=f"anmodninger-og-vedtak-{navn}-{aar}",
        ark=f"Anmodninger og vedtak {aar}",
        ctx={**ctx, "aar": aar},
    )


@kommuneside("rapport.anmodninger")
def rapport(request):
    kommune = request.kommune
    ctx = {"kommune": kommune}
    return _anmodninger_og_vedtak(request, kommune, kommune.nummer, ctx)


def rapport_nasjonal(request):
    if not kan(request.user, "rapport.anmodninger_landet"):
        raise Http404
    return _anmodninger_og_vedtak(request, None, "hele-landet", {"kommune": None})


BOSATTE_KOLONNER = [
    ("duf", "DUF-nummer"),
    ("etternavn", "Etternavn"),
    ("fornavn", "Fornavn"),
    ("fodselsdato", "Fødselsdato"),
    ("kjonn", "Kjønn"),
    ("statsborgerskap", "Statsborgerskap"),
    ("sakstype", "Sakstype"),
    ("kategori", "Kategori"),
    ("bosettingsdato", "Bosettingsdato"),
]


def _filter(request) -> dict:
    aar, kategori = _aar(request), _kategori(request)
    return {
        "aar": aar,
        "kategori": kategori,
        "kategorinavn": Kategori(kategori).label if kategori else "",
        "kategorivalg": Kategori.choices,
    }


def _filnavn(*deler) -> str:
    return "-".join(str(d).replace("_", "-") for d in deler if d)


@kommuneside("rapport.bosatte")
def rapport_bosatte(request):
    """Spesialisert bosettingsrapport: names, so for the kommune's Bosetter roles (and IMDi) only. The page
    shows BOSATTE_PER_SIDE persons at a time (the page links keep the filters); the downloads hold all."""
    kommune = request.kommune
    f = _filter(request)
    saker = selectors.rapport_bosatte(kommune=kommune, aar=f["aar"], kategori=f["kategori"])
    if format_ := _format(request):
        return tabell_eksport(
            format_,
            kolonner=BOSATTE_KOLONNER,
            rader=selectors.bosatte_alle(saker),
            filnavn=_filnavn("bosatte", kommune.nummer, f["aar"], f["kategori"]),
            ark=f"Bosatte {f['aar']}",
        )
    side = selectors.bosatte_side(saker, parametere(request).side())
    mal = side_eller_del(request, "kommune/rapport_bosatte.html", "rader")
    ctx = {"kommune": kommune, **f, "side": side, "sider": sidetall(side), "rader": side.object_list}
    return _rapportside(request, mal, ctx)


BOSETTING_KOLONNER = [
    ("kommunenummer", "Kommunenummer"),
    ("kommune", "Kommune"),
    ("navn", "Kategori"),
    ("vedtak", "Vedtak"),
    ("fordelt", "Fordelt"),
    ("sokt_ut", "Søkt ut"),
    ("bosatt", "Bosatt"),
    ("ledige", "Ledige"),
]


def rapport_bosetting(request):
    """Bosettingsrapport for hele landet: aggregates, for IMDi and every kommune case role. Every kommune
    with numbers is on the page (a report, not a search), as in its CSV and Excel downloads."""
    if not kan(request.user, "rapport.landet"):
        raise Http404
    f = _filter(request)
    rader, total = selectors.rapport_bosetting(aar=f["aar"], kategori=f["kategori"])
    return _rapport(
        request,
        "kommune/rapport_bosetting.html",
        kolonner=BOSETTING_KOLONNER,
        rader=rader,
        filnavn=_filnavn("bosettingsrapport-hele-landet", f["aar"], f["kategori"]),
        ark=f"Bosetting {f['aar']}",
        ctx={"total": total, **f},
    )
