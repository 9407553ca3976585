"""The texts that explain a suggestion: from the optimiser's counts to households placed with their reasons
(tie, priority, evenness, housing, «må bekreftes», over the free places), why a household is left out, and
the conflicts a binding tie runs into."""

from collections import defaultdict
from collections.abc import Iterable

from .modell import (
    ANTALL_PLASSER,
    BOFELLESSKAP,
    EM_15_18,
    EM_TILTAK,
    EM_UNDER_15,
    FAMILIEBOLIG,
    KATEGORINAVN,
    VOKSNE,
    Bolig,
    Forslag,
    Grunn,
    Husstand,
    Kommune,
    Konflikt,
    Oppsett,
    Plassering,
    Uplassert,
    prioritetsorden,
    sh_plasser,
)


def _prosent(x: float) -> str:
    return f"{x * 100:.0f} %"


def _kategoritekst(behov: Iterable[int]) -> str:
    """«3 plasser for enslige voksne/familier, 1 plass for enslige mindreårige 15–18 år»."""
    return ", ".join(
        f"{n} {'plass' if n == 1 else 'plasser'} for {KATEGORINAVN[c]}" for c, n in enumerate(behov) if n
    )


def _prioritetstekst(h: Husstand) -> str:
    if h.behov[EM_15_18] or h.behov[EM_UNDER_15]:
        hvem = "Enslig mindreårig (prioritert)"
    elif h.barn:
        hvem = "Barnefamilie (prioritert)"
    elif h.storrelse == 1:
        hvem = "Enslig voksen"
    else:
        hvem = "Voksne uten barn"
    if h.ventedager == 0:
        return f"{hvem}, fordelingsklar i dag."
    dager = "1 dag" if h.ventedager == 1 else f"{h.ventedager} dager"
    return f"{hvem}, fordelingsklar i {dager}."


def bindende_konflikt(
    h: Husstand, K: dict[int, Kommune], rest, tillat_overskridelse: bool
) -> Konflikt | None:
    navn = h.navn or f"Husstand {h.id}"
    if h.bindende_andre:
        andre = ", ".join(K[k].navn if k in K else str(k) for k in h.bindende_andre)
        return Konflikt(
            h.id,
            "bindende",
            f"{navn}: medlemmene har bindende tilknytning til ulike kommuner ({andre}); husstanden kan ikke deles.",
            h.bindende_kommune,
        )
    k = K.get(h.bindende_kommune)
    if k is None:
        return Konflikt(
            h.id,
            "bindende",
            f"{navn}: bindende tilknytning ({h.bindende_grunn.lower() or 'bindende'}) til "
            f"{h.bindende_kommunenavn or 'en kommune'}, som ikke er med i utvalget eller ikke har vedtak i år.",
            h.bindende_kommune,
        )
    if h.behov[EM_UNDER_15] and not k.vedtak[EM_UNDER_15]:
        return Konflikt(
            h.id,
            "em_under_15",
            f"{navn}: bindende tilknytning til {k.navn}, men {k.navn} har ikke vedtatt plasser for enslige "
            "mindreårige under 15 år.",
            k.id,
        )
    for c in range(3):
        if h.behov[c] and not k.vedtak[c]:
            return Konflikt(
                h.id,
                "kapasitet",
                f"{navn}: bindende tilknytning til {k.navn}, men {k.navn} har ikke vedtatt plasser for "
                f"{KATEGORINAVN[c]}.",
                k.id,
            )
    if not tillat_overskridelse:
        for c in range(3):
            if h.behov[c] > rest[k.id][c]:
                return Konflikt(
                    h.id,
                    "kapasitet",
                    f"{navn}: bindende tilknytning til {k.navn}, men {k.navn} har bare {max(rest[k.id][c], 0)} "
                    f"ledige plasser for {KATEGORINAVN[c]} igjen (husstanden trenger {h.behov[c]}). Tillat "
                    "overskridelse eller ta husstanden ut av utvalget.",
                    k.id,
                )
    return None


def forklar(husstander: list[Husstand], o: Oppsett, antall_per: dict[tuple[int, int], int]) -> Forslag:
    """The suggestion from the solver's counts per (group, kommune), `antall_per`: which of a group's placed
    households go where (a veiledende tie first), each with its reasons; the others with the rule that
    kept them out."""
    K = o.K
    tildelt: list[tuple[Husstand, Kommune]] = [(h, k) for h, k in o.faste]
    for gi, medlemmer in enumerate(o.gruppeliste):
        plasserte = medlemmer[: o.plassert_antall[gi]]
        plasser = {kid: n for (g, kid), n in antall_per.items() if g == gi and n > 0}
        igjen = []
        for h in plasserte:  # the veiledende tie first, where the group has places there
            kid = h.veiledende_kommune
            if kid is not None and plasser.get(kid, 0) > 0:
                plasser[kid] -= 1
                tildelt.append((h, K[kid]))
            else:
                igjen.append(h)
        for kid in sorted(plasser, key=lambda k: (K[k].andel or 0, k)):
            for _ in range(plasser[kid]):
                if igjen:
                    tildelt.append((igjen.pop(0), K[kid]))
    plasseringer = _plasseringer(tildelt, K, o.felles, o.utfall)
    plassert = {p.husstand_id for p in plasseringer}
    blokkert = {k.husstand_id for k in o.konflikter}
    igjen = {k.id: list(k.ledige) for k in K.values()}
    sh_igjen = {k.id: sh_plasser(k) for k in K.values()}  # places suitable for særlig hensyn, in persons
    for h, k in tildelt:
        for c in range(3):
            igjen[k.id][c] -= h.behov[c]
        if h.saerlig_hensyn:
            sh_igjen[k.id] -= h.storrelse
    uplasserte = [
        _hvorfor_ikke(h, K, igjen, sh_igjen, o.tillat_overskridelse, o.tillat_uten_saerlig_bolig)
        for h in sorted(husstander, key=prioritetsorden)
        if h.id not in plassert and h.id not in blokkert
    ]
    uplasserte = [
        *(Uplassert(k.husstand_id, k.regel, k.tekst) for k in o.konflikter),
        *uplasserte,
    ]
    return Forslag(plasseringer, uplasserte, o.konflikter, "optimal", 0.0, 0.0, felles_andel=o.felles)


def _plasseringer(tildelt, K, felles, utfall) -> list[Plassering]:
    per_kommune: dict[int, list[Husstand]] = defaultdict(list)
    for h, k in tildelt:
        per_kommune[k.id].append(h)
    ut = []
    for kid in sorted(per_kommune):
        k = K[kid]
        hus = sorted(per_kommune[kid], key=prioritetsorden)
        bolig_for = _match_boliger(k, hus)
        foreslatt = [sum(h.behov[c] for h in hus) for c in range(3)]
        over = [c for c in range(3) if foreslatt[c] > k.ledige[c]]
        personer = sum(h.storrelse for h in hus)
        for h in hus:
            pl = Plassering(h.id, kid, bindende=h.bindende_kommune == kid)
            if pl.bindende:
                pl.grunner.append(
                    Grunn("tilknytning", f"Bindende tilknytning: {h.bindende_grunn or 'bindende'}.")
                )
                pl.innmelding_id = h.innmelding_id
            elif h.veiledende_kommune == kid:
                pl.grunner.append(Grunn("tilknytning", f"Veiledende tilknytning til {k.navn} er fulgt."))
                pl.innmelding_id = h.innmelding_id
            elif h.veiledende_kommune is not None:
                annen = K.get(h.veiledende_kommune)
                pl.grunner.append(Grunn("tilknytning", _veiledende_ikke_fulgt(h, annen)))
            pl.grunner.append(Grunn("prioritet", _prioritetstekst(h)))
            if not pl.bindende:
                pl.grunner.append(Grunn("jevnhet", _jevnhetstekst(k, personer, felles)))
            bolig = bolig_for.get(h.id)
            if bolig is not None:
                tekst, innmelding, sh = bolig
                pl.grunner.append(Grunn("bolig", tekst))
                if pl.innmelding_id is None:
                    pl.innmelding_id = innmelding
            if h.saerlig_hensyn and not (bolig and bolig[2]):
                pl.maa_bekreftes = True
                pl.grunner.append(
                    Grunn(
                        "bekreftes",
                        f"Husstanden trenger bolig tilpasset særlig hensyn, og {k.navn} har ikke meldt inn en slik "
                        "bolig eller plass som er ledig: kommunen må bekrefte at behovet kan møtes.",
                    )
                )
            if utfall is not None:
                pl.grunner.append(Grunn("utfall", f"Forventet utfall i {k.navn}: {utfall(h, k):.2f}."))
            mine = [c for c in over if h.behov[c]]
            if mine:
                pl.over_kapasitet = True
                pl.grunner.append(
                    Grunn(
                        "overskridelse",
                        "; ".join(
                            f"{k.navn} får {foreslatt[c]} {KATEGORINAVN[c]}, men har {k.ledige[c]} ledige plasser"
                            for c in mine
                        )
                        + " (tillatt av saksbehandler).",
                    )
                )
            ut.append(pl)
    return ut


def _veiledende_ikke_fulgt(h: Husstand, annen: Kommune | None) -> str:
    if annen is None:
        return "Veiledende tilknytning til en kommune som ikke er med i utvalget; den kunne ikke følges."
    ledige = [annen.ledige[c] for c in range(3) if h.behov[c]]
    if any(n < h.behov[c] for n, c in zip(ledige, [c for c in range(3) if h.behov[c]], strict=True)):
        return f"Veiledende tilknytning til {annen.navn} kunne ikke følges: for få ledige plasser der."
    return (
        f"Veiledende tilknytning til {annen.navn} kunne ikke følges uten å gjøre fordelingen mindre jevn eller "
        "bruke meldte boliger dårligere."
    )


def _jevnhetstekst(k: Kommune, personer: int, felles: float) -> str:
    v = sum(k.vedtak)
    for_ = sum(k.brukt)
    tekst = (
        f"{k.navn} har fylt {_prosent(for_ / v) if v else '–'} av vedtaket ({for_} av {v}) før forslaget og "
        f"{_prosent((for_ + personer) / v) if v else '–'} etter; felles nivå er {_prosent(felles)}."
    )
    if k.dager_siden_sist is None and not for_:
        tekst += f" {k.navn} har ikke fått noen fordelt i år."
    elif k.dager_siden_sist is not None and k.dager_siden_sist >= 14:
        tekst += f" {k.navn} har ikke fått noen fordelingsliste på {k.dager_siden_sist // 7} uker."
    return tekst


def _match_boliger(k: Kommune, hus: list[Husstand]) -> dict[int, tuple[str, int | None, bool]]:
    """Which reported dwelling or place each household can use: særlig hensyn first (persons from the
    suitable places), then families largest first into the smallest Familiebolig that fits, single adults
    into Bofellesskap places, EM into EM-tiltak of their age; «Antall plasser» for the rest while it lasts."""
    ut: dict[int, tuple[str, int | None, bool]] = {}
    igjen = {i: b.plasser for i, b in enumerate(k.boliger)}
    for h in hus:
        if not h.saerlig_hensyn:
            continue
        kandidater = [i for i, b in enumerate(k.boliger) if b.saerlig_hensyn and igjen[i] >= h.storrelse]
        if kandidater:
            i = max(kandidater, key=lambda i: (igjen[i], -i))
            b = k.boliger[i]
            igjen[i] -= b.plasser if b.type == FAMILIEBOLIG else h.storrelse
            ut[h.id] = (f"Tilpasset særlig hensyn: {_boligtekst(b)}.", b.innmelding_id, True)
    for h in sorted(hus, key=lambda h: (-h.storrelse, prioritetsorden(h))):
        if h.id in ut:
            continue
        if h.slag == FAMILIEBOLIG:
            passer = [
                i for i, b in enumerate(k.boliger) if b.type == FAMILIEBOLIG and igjen[i] >= h.storrelse
            ]
            if passer:
                i = min(passer, key=lambda i: (igjen[i], i))
                igjen[i] = 0
                ut[h.id] = (
                    f"{_boligtekst(k.boliger[i])} passer familien på {h.storrelse}.",
                    k.boliger[i].innmelding_id,
                    False,
                )
                continue
        else:
            c = VOKSNE if h.slag == BOFELLESSKAP else (EM_15_18 if h.behov[EM_15_18] else EM_UNDER_15)
            passer = [
                i
                for i, b in enumerate(k.boliger)
                if b.type == h.slag and igjen[i] >= 1 and (h.slag == BOFELLESSKAP or b.kategori == c)
            ]
            if passer:
                i = passer[0]
                igjen[i] -= 1
                ut[h.id] = (f"{_boligtekst(k.boliger[i])}.", k.boliger[i].innmelding_id, False)
                continue
    for h in hus:
        if h.id in ut:
            continue
        for i, b in enumerate(k.boliger):
            if b.type == ANTALL_PLASSER and igjen[i] >= h.storrelse:
                igjen[i] -= h.storrelse
                ut[h.id] = (f"{_boligtekst(b)}.", None, False)
                break
    return ut


def _boligtekst(b: Bolig) -> str:
    nr = f" (innmelding {b.innmelding_id})" if b.innmelding_id else ""
    naar = f", {b.tekst}" if b.tekst else ""
    if b.type == FAMILIEBOLIG:
        return f"Meldt familiebolig for {b.plasser} personer{naar}{nr}"
    if b.type == BOFELLESSKAP:
        return f"Meldt bofellesskap for voksne, {b.plasser} plasser{naar}{nr}"
    if b.type == EM_TILTAK:
        return f"Meldt EM-tiltak for {KATEGORINAVN[b.kategori]}, {b.plasser} plasser{naar}{nr}"
    return f"Kommunen har meldt plass til {b.plasser} personer de nærmeste ukene (Antall plasser{naar})"


def _hvorfor_ikke(
    h: Husstand, K, igjen, sh_igjen, tillat_overskridelse, tillat_uten_saerlig_bolig
) -> Uplassert:
    """The rule that kept a household out: no kommune may take it at all, or the places (the suitable ones
    for særlig hensyn) went to other households (or, after a time-out, the solver did not get that far).
    `igjen`, `sh_igjen`: per kommune the places the suggestion leaves, per category and suitable for særlig
    hensyn."""
    if h.behov[EM_UNDER_15] and not any(k.vedtak[EM_UNDER_15] for k in K.values()):
        return Uplassert(
            h.id,
            "em_under_15",
            "Ingen av de valgte kommunene har vedtatt plasser for enslige mindreårige under 15 år.",
        )
    aktuelle = [k for k in K.values() if sum(k.vedtak) and all(k.vedtak[c] for c in range(3) if h.behov[c])]
    if h.saerlig_hensyn and not tillat_uten_saerlig_bolig:
        aktuelle = [k for k in aktuelle if sh_plasser(k) >= h.storrelse]
        if not aktuelle:
            return Uplassert(
                h.id,
                "saerlig_hensyn",
                "Trenger bolig tilpasset særlig hensyn, og ingen valgt kommune har meldt inn en slik bolig "
                "eller plass. Tillat forslag som kommunen må bekrefte, eller vent på en innmelding.",
            )
    if not aktuelle:
        return Uplassert(
            h.id,
            "kapasitet",
            f"Ingen valgt kommune har vedtak som dekker husstanden ({_kategoritekst(h.behov)}).",
        )
    if not tillat_overskridelse and not any(
        all(k.ledige[c] >= h.behov[c] for c in range(3)) for k in aktuelle
    ):
        return Uplassert(
            h.id,
            "kapasitet",
            f"Ingen valgt kommune har ledige plasser nok til hele husstanden, som trenger {_kategoritekst(h.behov)}.",
        )
    if h.saerlig_hensyn and not tillat_uten_saerlig_bolig:
        aktuelle = [k for k in aktuelle if sh_igjen[k.id] >= h.storrelse]
        if not aktuelle:
            return Uplassert(
                h.id,
                "saerlig_hensyn",
                "Trenger bolig tilpasset særlig hensyn, og de tilpassede boligene og plassene som er meldt inn, er "
                "foreslått til andre husstander som trenger dem. Tillat forslag som kommunen må bekrefte, eller "
                "vent på en innmelding.",
            )
    if not tillat_overskridelse and any(
        all(igjen[k.id][c] >= h.behov[c] for c in range(3)) for k in aktuelle
    ):
        return Uplassert(
            h.id,
            "tid",
            "Ikke plassert innen tidsgrensen, selv om det er ledige plasser. Beregn på nytt, gjerne med færre "
            "husstander eller kommuner.",
        )
    return Uplassert(
        h.id,
        "prioritet",
        f"Husstanden trenger {_kategoritekst(h.behov)}, og de ledige plassene er foreslått til husstander med "
        "høyere prioritet (enslige mindreårige og barnefamilier først, deretter flest husstander og lengst "
        "ventetid).",
    )
