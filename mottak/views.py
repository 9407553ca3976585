from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from imdinett.feil import DomeneFeil
from imdinett.htmx import side_eller_del
from imdinett.identitetsnummer import duf_normaliser
from imdinett.kompetanse.forms import DufSokSkjema
from imdinett.kompetanse.models import Engangskode, Kilde
from imdinett.kompetanse.selectors import kompetanse as kompetanse_for
from imdinett.kompetanse.services import engangskode_generer
from imdinett.organisasjoner.models import Kontaktperson
from imdinett.organisasjoner.tilgang import kan, mottaksside, organisasjoner_med, roller_med
from imdinett.paginering import sidetall
from imdinett.personer.models import Bosettingsmerknad, Bosettingssak, Person
from imdinett.personer.samtale import (
    BOSETTINGSMERKNAD,
    feltnavn,
    paakrevde_felt,
    samtale_for,
)
from imdinett.personer.selectors import bosetting_vist, persons_visible_to
from imdinett.skjema import parametere, tjenesten

from . import selectors, services
from .forms import (
    DELER,
    KOMPETANSE,
    BehandlerSkjema,
    BosettingsmerknadSkjema,
    FunksjonsrapportSkjema,
    InternMerknadSkjema,
    KontaktSkjema,
    del_for,
    samtaleskjema,
)

# Every page of one mottak is a `mottaksside`: the URL's mottak_id is resolved once, 404 unless the user holds
# the page's permission there (imdinett/organisasjoner/tilgang.py), the mottak is `request.mottak` and its
# left menu is drawn from the registry (mottak/apps.py).


def start(request):
    """Mottak in the global menu: the Oppgaveliste of the user's own mottak, Tildele koder Kompass for the
    Kompass roles (their only task here), or the mottak's information."""
    egne = organisasjoner_med(request.user, "mottak.informasjon")
    if not egne:
        raise Http404
    mottak_id = egne[0]
    if kan(request.user, "mottak.samtale", mottak_id):
        return redirect("mottak:oppgaveliste", mottak_id)
    if kan(request.user, "mottak.koder", mottak_id):
        return redirect("mottak:koder", mottak_id)
    return redirect("mottak:mottaksinformasjon", mottak_id)


SIDESTORRELSE = 50  # rows per page in the mottak's lists (docs/beslutninger.md)


def _side(request, qs, vis: str, vis_felt: str = "pk") -> dict:
    """One page of a list, sorted and filtered in the database over the whole set: the page asked for
    (past the end: the last page), or — when only `vis` is given, as after «Registrer funksjonsrapport» —
    the page where that row is."""
    paginator = Paginator(qs, SIDESTORRELSE)
    nr = parametere(request).side()
    if nr is None and vis.isdecimal():
        ider = list(qs.prefetch_related(None).values_list(vis_felt, flat=True))
        if int(vis) in ider:
            nr = ider.index(int(vis)) // SIDESTORRELSE + 1
    side = paginator.get_page(nr)
    return {
        "side": side,
        "sider": sidetall(side),
    }


@mottaksside("mottak.samtale")
def oppgaveliste(request):
    mottak = request.mottak
    les = parametere(request)
    sok, vis = les.tekst("q"), les.tekst("vis")
    side = _side(request, selectors.oppgaveliste(request.user, mottak, sok=sok), vis, "bosettingssak__pk")
    saker = [p.bosettingssak for p in side["side"].object_list]  # each with its person (select_related)
    idag = timezone.localdate()
    for sak in saker:
        sak.dager_igjen = Bosettingssak.dager_igjen(sak.frist, idag)
        sak.for_mottaket = bosetting_vist(sak)
    aapen = next((s for s in saker if str(s.pk) == vis), None)
    ctx = dict(
        mottak=mottak,
        saker=saker,
        q=sok,
        vis=vis,
        # «Gjennomført selvregistrering» only for the row opened (one query, not one per row).
        selvregistrert=selectors.selvregistrert(aapen.person) if aapen else "",
        **side,
    )
    return render(request, side_eller_del(request, "mottak/oppgaveliste.html", "liste"), ctx)


@mottaksside("mottak.samtale")
def beboere(request):
    return _beboere(request, request.mottak)


def _beboere(request, mottak, *, rapportskjema=None, vis: str = "", status: int = 200):
    """Oversikt mottaksbeboere; a refused Funksjonsrapport comes back open at its person with its messages."""
    les = parametere(request)
    filter_ = {
        "q": les.tekst("q"),
        "status": les.valg("status", Bosettingssak.Status.values),
        "persontype": les.valg("persontype", Person.Persontype.values),
        "med_sak": les.valg("med_sak", ("med", "uten")),
    }
    vis = vis or les.tekst("vis")
    alle = request.GET.get("alle") == "1"
    side = _side(
        request,
        selectors.beboere(
            request.user,
            mottak,
            sok=filter_["q"],
            status=filter_["status"],
            persontype=filter_["persontype"],
            med_sak=filter_["med_sak"],
        ),
        vis,
    )
    beboere = list(side["side"].object_list)
    for p in beboere:  # what the mottak is told of the case (no kommune before it has said yes)
        p.bosetting = bosetting_vist(getattr(p, "bosettingssak", None))
    ctx = dict(
        mottak=mottak,
        beboere=beboere,
        filter=filter_,
        alle=alle,
        vis=vis,
        statuser=selectors.MOTTAKSSTATUSER,
        persontyper=Person.Persontype.choices,
        rapportskjema=rapportskjema or FunksjonsrapportSkjema(initial={"dato": timezone.localdate()}),
        saerskilte=selectors.SAERSKILTE_PLASSER,
        **side,
    )
    return render(request, side_eller_del(request, "mottak/beboere.html", "liste"), ctx, status=status)


@require_POST
@mottaksside("mottak.samtale")
def funksjonsrapport(request, person_id: int):
    mottak = request.mottak
    person = selectors.access_samtaleperson(request.user, mottak, person_id)
    skjema = FunksjonsrapportSkjema(request.POST)
    if skjema.is_valid():
        with tjenesten(request):
            services.funksjonsrapport_registrer(person=person, av=request.user, **skjema.cleaned_data)
            messages.success(request, f"Funksjonsrapport registrert for {person.navn}.")
    else:
        return _beboere(request, mottak, rapportskjema=skjema, vis=str(person.pk), status=400)
    return redirect(f"{reverse('mottak:beboere', args=[mottak.pk])}?vis={person.pk}#person-{person.pk}")


IKKE_FUNNET = "Fant ingen beboer med dette DUF-nummeret ved mottaket."


@require_http_methods(["GET", "POST"])
@mottaksside("mottak.koder")
def koder(request):
    """Tildele koder Kompass (seed 001): find a resident by exact DUF, generate a one-time code for
    self-registration. The code is shown once, in the response to the POST that made it: never in a URL,
    a message or anything a reload brings back (the page is no-store, IngenBufringMiddleware)."""
    mottak = request.mottak
    # The residents the user's code roles reach here (with a bosettingssak, or all at an
    # integreringsmottak); anyone else is «not found», whether the DUF exists or not.
    beboere = persons_visible_to(request.user, roller=roller_med("mottak.koder")).filter(mottak=mottak)
    beboer = kode = None
    if request.method == "POST":
        person_id = request.POST.get("person", "")
        if not person_id.isdecimal():
            raise Http404
        beboer = get_object_or_404(beboere, pk=person_id)
        kode = engangskode_generer(person=beboer, mottak=mottak, av=request.user)
        skjema = DufSokSkjema(initial={"duf": beboer.duf_formatert})
    else:
        skjema = DufSokSkjema(request.GET if "duf" in request.GET else None)
        skjema.fields["duf"].error_messages["required"] = "Skriv inn DUF-nummeret til beboeren."
        if skjema.is_valid():
            beboer = beboere.filter(duf_nummer=duf_normaliser(skjema.cleaned_data["duf"])).first()
            if beboer is None:
                skjema.add_error("duf", IKKE_FUNNET)
                skjema.fields["duf"].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": "duf-feil"}
                )
    eksisterende = None
    selvregistrert = None
    if beboer is not None:
        eksisterende = Engangskode.objects.filter(person=beboer).select_related("opprettet_av").first()
        selvregistrert = beboer.kompetanse.filter(kilde=Kilde.SELVREG, ferdigstilt__isnull=False).first()
    ctx = dict(
        mottak=mottak,
        skjema=skjema,
        beboer=beboer,
        kodeinfo=eksisterende,
        selvregistrert=selvregistrert,
        kode=f"{kode[:4]}-{kode[4:]}" if kode else None,
        adresse=request.build_absolute_uri(reverse("kompetanse:selvregistrering")),
    )
    return render(request, "mottak/koder.html", ctx)


@mottaksside("mottak.informasjon")
def mottaksinformasjon(request):
    return render(request, "mottak/mottaksinformasjon.html", {"mottak": request.mottak})


@mottaksside("mottak.informasjon")
def kontaktinformasjon(request):
    mottak = request.mottak
    kontakter = {k.type: k for k in mottak.kontaktpersoner.select_related("endret_av")}
    rediger = request.GET.get("rediger") or request.POST.get("type")
    skjema = None
    if rediger in Kontaktperson.Type.values and services.kan_redigere_kontakt(request.user, mottak, rediger):
        skjema = KontaktSkjema(request.POST or None, instance=kontakter.get(rediger))
        if request.method == "POST" and skjema.is_valid():
            services.kontaktperson_lagre(mottak=mottak, type=rediger, av=request.user, **skjema.cleaned_data)
            messages.success(request, "Kontaktinformasjonen er lagret.")
            return redirect("mottak:kontaktinformasjon", mottak.pk)
    elif request.method == "POST":
        raise Http404
    kort = [
        (t, navn, kontakter.get(t), services.kan_redigere_kontakt(request.user, mottak, t))
        for t, navn in Kontaktperson.Type.choices
    ]
    return render(
        request,
        "mottak/kontaktinformasjon.html",
        {"mottak": mottak, "kort": kort, "rediger": rediger if skjema else None, "skjema": skjema},
    )


def _nektet(person) -> str:
    """The session key of a refused «Ferdigstill» for the household, shown on its interview pages until it is
    completed (#19 no. 11)."""
    return f"ferdigstill-nektet-{person.husstand_id}"


def _mangler(mottak, person, medlemmer, del_: str, skjema) -> tuple[list, set[str]]:
    """After a refused «Ferdigstill»: per member of this mottak, the mandatory fields still empty
    (`selectors.manglende_felt`) as (label, link to the field); and the shown section's, marked."""
    ut, merket = [], set()
    for medlem, felt in selectors.manglende_felt(medlemmer):
        lenker = []
        for navn, d in felt:
            if navn == BOSETTINGSMERKNAD:
                anker = "bm-tittel"
            else:
                felt_ = samtaleskjema(d, medlem, samtale_for(medlem))[navn]
                anker = felt_.id_for_label or f"{felt_.auto_id}_0"  # a choice list: its first option
            if medlem == person and d == del_ and navn in skjema.fields:
                attrs = skjema.fields[navn].widget.attrs
                attrs.update({"aria-invalid": "true", "aria-describedby": f"feil-{navn}"})
                merket.add(navn)
            side = reverse("mottak:samtale", args=[mottak.pk, medlem.pk])
            lenker.append((feltnavn(navn), f"{side}?del={d}#{anker}"))
        ut.append((medlem, lenker))
    return ut, merket


def _samtale_ctx(request, mottak, person, del_: str, **ekstra) -> dict:
    samtale = samtale_for(person)
    # Only this mottak's members are named and linked; the others are counted (issue «Tilgang», defect 7).
    husstand = selectors.husstand_ved_mottaket(request.user, mottak, person)
    ferdig, med_sak = selectors.ferdigstilt_telling(husstand.medlemmer)
    ctx = dict(
        mottak=mottak,
        person=person,
        samtale=samtale,
        husstand=husstand.medlemmer,
        husstand_andre=husstand.andre,
        husstand_andre_aapne=husstand.andre_aapne,
        del_=del_,
        del_navn=DELER[del_],
        kompetanse=KOMPETANSE,
        # What is registered for the theme (Selvreg, the vertskommune's mapping), read only (seed 001).
        visning=kompetanse_for(person) if del_ in KOMPETANSE else None,
        kan_endres=selectors.samtale_kan_endres(person),
        paakrevde=paakrevde_felt(person, samtale),
        ferdig=ferdig,
        med_sak=med_sak,
        skjema=ekstra.pop("skjema", None) or samtaleskjema(del_, person, samtale),
        # A refusal stays until the household is complete (also when another user completes it).
        ferdigstill_feil=request.session.get(_nektet(person)) if ferdig < med_sak else None,
        merknader=person.bosettingsmerknader.all(),
        antall_interne=person.interne_merknader.count(),
        uvarslede_interne=person.interne_merknader.filter(imdi_varslet__isnull=True).count(),
        antall_behandlere=person.behandlere.count(),
        merknadskjema=BosettingsmerknadSkjema(),
        internskjema=InternMerknadSkjema(),
        behandlerskjema=BehandlerSkjema(),
    )
    if ctx["ferdigstill_feil"]:
        ctx["mangler"], ctx["mangler_her"] = _mangler(mottak, person, husstand.medlemmer, del_, ctx["skjema"])
    return {**ctx, **ekstra}


def _avvist(request, mottak, person, del_: str, **skjema):
    """A refused side form (bosettingsmerknad, intern merknad, behandler): the page again with the form's
    messages at its fields and what was typed kept."""
    ctx = _samtale_ctx(request, mottak, person, del_, **skjema)
    return render(request, "mottak/samtale.html", ctx, status=400)


def _person(request, person_id: int):
    mottak = request.mottak
    return mottak, selectors.access_samtaleperson(request.user, mottak, person_id)


@mottaksside("mottak.samtale")
def samtale(request, person_id: int):
    mottak, person = _person(request, person_id)
    del_ = request.GET.get("del", "bosettingsinformasjon")
    if del_ not in DELER:
        raise Http404
    return render(request, "mottak/samtale.html", _samtale_ctx(request, mottak, person, del_))


@require_POST
@mottaksside("mottak.samtale")
def samtale_lagre(request, person_id: int, del_: str):
    """Autosave (htmx, on every change) and the «Lagre» button without JavaScript: valid fields are
    saved, invalid ones get their message next to the field and keep what was typed."""
    mottak, person = _person(request, person_id)
    if del_ not in DELER:
        raise Http404
    skjema = samtaleskjema(del_, person, samtale_for(person), request.POST)
    skjema.is_valid()
    gyldige = {k: v for k, v in skjema.cleaned_data.items() if k not in skjema.errors}
    feil = None
    try:
        lagret = services.samtale_lagre(person=person, data=gyldige, av=request.user)
    except DomeneFeil as e:
        feil, lagret = e.melding, None
    if request.htmx:
        return render(
            request,
            "mottak/samtale.html#lagret",
            # The asterisks follow the answers just saved (a follow-up is marked only while it is opened).
            {
                "skjema": skjema,
                "samtale": lagret,
                "feil": feil,
                "paakrevde": paakrevde_felt(person, lagret or samtale_for(person)),
            },
            # a refused value is an answer (the message at the field), not a failure to retry (static/js/samtale.js)
            status=400 if feil or skjema.errors else 200,
        )
    if feil:
        messages.error(request, feil)
    elif skjema.errors:
        ctx = _samtale_ctx(request, mottak, person, del_, skjema=skjema)
        return render(request, "mottak/samtale.html", ctx, status=400)
    else:
        messages.success(request, "Lagret.")
    return redirect(f"{reverse('mottak:samtale', args=[mottak.pk, person.pk])}?del={del_}")


def _tilbake(mottak, person, del_="bosettingsinformasjon"):
    return redirect(f"{reverse('mottak:samtale', args=[mottak.pk, person.pk])}?del={del_}")


@mottaksside("mottak.samtale")
def ferdigstill(request, person_id: int):
    """Post/Redirect/Get: a refusal is kept for the person and shown on the interview's pages, each missing
    field linked and marked, so the left menu, Back and reload work as on any page (#19 no. 11)."""
    mottak, person = _person(request, person_id)
    if request.method != "POST":
        return _tilbake(mottak, person)
    try:
        saker = services.bosettingssamtale_ferdigstill(person=person, av=request.user)
    except DomeneFeil as e:
        # Land on the section asking the person's first missing field (marked there); on the section the user
        # was on when only other members lack something.
        request.session[_nektet(person)] = e.melding
        del_ = del_for(e.felt, person) if e.felt else request.POST.get("del", "")
        return _tilbake(mottak, person, del_ if del_ in DELER else "bosettingsinformasjon")
    request.session.pop(_nektet(person), None)
    melding = f"Bosettingssamtalen er ferdigstilt. {len(saker)} person(er) er nå fordelingsklare."
    aapne = selectors.husstand_ved_mottaket(request.user, mottak, person).andre_aapne
    if aapne:  # counted, never named: they live at another mottak
        melding += (
            f" Husstanden fordeles samlet når bosettingssamtalen også er ferdigstilt for "
            f"{selectors.husstandsmedlemmer_tekst(aapne)} i et annet mottak."
        )
    messages.success(request, melding)
    return _tilbake(mottak, person)


@require_POST
@mottaksside("mottak.samtale")
def bosettingsmerknad(request, person_id: int):
    mottak, person = _person(request, person_id)
    skjema = BosettingsmerknadSkjema(request.POST)
    if skjema.is_valid():
        with tjenesten(request):
            services.bosettingsmerknad_opprett(
                person=person, tekst=skjema.cleaned_data["tekst"], av=request.user
            )
            messages.success(request, "Bosettingsmerknaden er lagret.")
    else:
        return _avvist(request, mottak, person, "bosettingsinformasjon", merknadskjema=skjema)
    return _tilbake(mottak, person)


@require_POST
@mottaksside("mottak.samtale")
def bosettingsmerknad_slett(request, person_id: int, merknad_id: int):
    mottak, person = _person(request, person_id)
    merknad = get_object_or_404(Bosettingsmerknad, pk=merknad_id, person=person)
    with tjenesten(request):
        services.bosettingsmerknad_slett(merknad=merknad, av=request.user)
        messages.success(request, "Bosettingsmerknaden er slettet.")
    return _tilbake(mottak, person)


@require_POST
@mottaksside("mottak.samtale")
def intern_merknad(request, person_id: int):
    mottak, person = _person(request, person_id)
    skjema = InternMerknadSkjema(request.POST)
    if skjema.is_valid():
        services.intern_merknad_opprett(person=person, av=request.user, **skjema.cleaned_data)
        ferdig = not selectors.samtale_kan_endres(person)
        messages.success(
            request,
            "Den interne bosettingsmerknaden er sendt til IMDi."
            + (" Husk å trykke «Send e-postvarsel til IMDi»." if ferdig else ""),
        )
    else:
        return _avvist(request, mottak, person, "bosettingsinformasjon", internskjema=skjema)
    return _tilbake(mottak, person)


@require_POST
@mottaksside("mottak.samtale")
def varsle_imdi(request, person_id: int):
    mottak, person = _person(request, person_id)
    with tjenesten(request):
        antall = services.intern_merknad_varsle_imdi(person=person, av=request.user)
        messages.success(
            request, f"E-postvarsel er sendt til IMDi om {antall} intern(e) bosettingsmerknad(er)."
        )
    return _tilbake(mottak, person)


@require_POST
@mottaksside("mottak.samtale")
def behandler(request, person_id: int):
    mottak, person = _person(request, person_id)
    skjema = BehandlerSkjema(request.POST)
    if skjema.is_valid():
        with tjenesten(request):
            services.behandler_opprett(person=person, av=request.user, **skjema.cleaned_data)
            messages.success(request, "Informasjon om behandler er lagret. Den er bare synlig for IMDi.")
    else:
        return _avvist(request, mottak, person, "tilretteleggingsbehov", behandlerskjema=skjema)
    return _tilbake(mottak, person, "tilretteleggingsbehov")
