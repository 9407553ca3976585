"""The suggestion's result page, as IMDi reads it (templates/admin/fordeling/forslag_resultat.html), a page at a
time: an overview of every kommune in the suggestion; per kommune on the page its households with reasons and
the fill rate before and after; the unplaced on their own pages; the kommuner without a suggestion and why."""

from collections.abc import Iterable

from django.core.paginator import Paginator

from imdinett.paginering import sidetall as _sidetall

from . import modell as fs


def kommunetekst(navn: str, nummer: str) -> str:
    """«Sortland (1870)»: how a kommune is typed and shown in «Flytt til» / «Legg til i»."""
    return f"{navn} ({nummer})"


def kommuneindeks(kommuner: Iterable[tuple[int, str, str]]) -> dict[str, int]:
    """A kommune as typed in the order form («Kommuner som ikke skal være med») and the result form («Flytt
    til», «Legg til i»): «Sortland (1870)», the number or the name, in lower case, to its id, from (id, name,
    number). A name two kommuner share goes to the first; their number or «navn (nummer)» tells them apart."""
    indeks: dict[str, int] = {}
    for kid, navn, nummer in kommuner:
        for tekst in (kommunetekst(navn, nummer), nummer, navn):
            indeks.setdefault(tekst.lower(), kid)
    return indeks


def _prosent(teller: int, nevner: int) -> str:
    return f"{round(100 * teller / nevner)} %" if nevner else "–"


KOMMUNER_PER_SIDE = 10
UPLASSERTE_PER_SIDE = 50


def side(resultat: fs.Forslag, data: dict, get) -> dict:
    """The part of the suggestion one page shows: `?vis=ikke-plassert` the unplaced households, else the
    kommuner with a suggestion (by name); `?side=` pages either. `paa_siden`: the kommuner on the page, whose
    «Lag utkast» boxes it carries."""
    kommuner = data["kommuner"]
    med_forslag = sorted(
        {p.kommune_id for p in resultat.plasseringer},
        key=lambda kid: (kommuner[str(kid)]["navn"], kommuner[str(kid)]["nummer"]),
    )
    uplasserte = [u for u in resultat.uplasserte if str(u.husstand_id) in data["husstander"]]
    if get.get("vis") == "ikke-plassert":
        valgt = Paginator(uplasserte, UPLASSERTE_PER_SIDE).get_page(get.get("side"))
        return {
            "fane": "ikke-plassert",
            "side": valgt,
            "paa_siden": set(),
            "med_forslag": med_forslag,
            "antall_uplasserte": len(uplasserte),
        }
    valgt = Paginator(med_forslag, KOMMUNER_PER_SIDE).get_page(get.get("side"))
    return {
        "fane": "kommuner",
        "side": valgt,
        "paa_siden": set(valgt.object_list),
        "med_forslag": med_forslag,
        "antall_uplasserte": len(uplasserte),
    }


def visning(resultat: fs.Forslag, data: dict, vis: dict, utkast: dict, post) -> dict:
    """The result page: an overview of every kommune with a suggestion (and the draft made from it, `utkast`
    {kommune id: list id}); the kommuner on this page with their households, reasons, before/after fill rate
    and free places per category; or a page of the unplaced with the rule; the solver's status. `post`: the
    form sent back after a refusal, so ticks, «Flytt til» and «Legg til i» are kept."""
    kommuner, husstander = data["kommuner"], data["husstander"]
    med = {int(h) for h in post.getlist("husstand") if h.isdecimal()} if post else None
    valgte = {int(k) for k in post.getlist("kommune") if k.isdecimal()} if post else None
    per_kommune: dict[int, list] = {}
    for p in resultat.plasseringer:
        per_kommune.setdefault(p.kommune_id, []).append(p)
    sidetall = {kid: i // KOMMUNER_PER_SIDE + 1 for i, kid in enumerate(vis["med_forslag"])}
    oversikt, grupper = [], []
    for kid in vis["med_forslag"]:
        k, plasseringer = kommuner[str(kid)], per_kommune[kid]
        behov = [husstander[str(p.husstand_id)]["behov"] for p in plasseringer]
        foreslatt = [sum(b[c] for b in behov) for c in range(3)]
        personer = sum(foreslatt)
        gruppe = {
            "kommune": k,
            "husstander": len(plasseringer),
            "personer": personer,
            "for": _prosent(sum(k["brukt"]), sum(k["vedtak"])),
            "etter": _prosent(sum(k["brukt"]) + personer, sum(k["vedtak"])),
            "side": sidetall[kid],
            "utkast": utkast.get(str(kid)),
        }
        oversikt.append(gruppe)
        if kid not in vis["paa_siden"]:
            continue
        rader = [{"p": p, "h": husstander[str(p.husstand_id)]} for p in plasseringer]
        for rad in rader:
            rad["med"] = med is None or rad["p"].husstand_id in med
            rad["flytt"] = post.get(f"flytt_{rad['p'].husstand_id}", "") if post else ""
        gruppe.update(
            rader=rader,
            valgt=valgte is None or kid in valgte,
            kategorier=[
                {
                    "navn": fs.KATEGORINAVN[c],
                    "vedtak": k["vedtak"][c],
                    "ledige": k["ledige"][c],
                    "foreslatt": foreslatt[c],
                    "over": foreslatt[c] > k["ledige"][c],
                }
                for c in range(3)
                if k["vedtak"][c] or foreslatt[c]
            ],
        )
        grupper.append(gruppe)
    uplasserte = [
        {
            "u": u,
            "h": husstander[str(u.husstand_id)],
            "legg_til": post.get(f"legg_til_{u.husstand_id}", "") if post else "",
        }
        for u in (vis["side"].object_list if vis["fane"] == "ikke-plassert" else ())
    ]
    uten_forslag = []
    for kid, k in sorted(kommuner.items(), key=lambda t: (t[1]["navn"], t[1]["nummer"])):
        if int(kid) in per_kommune:
            continue
        andel = sum(k["brukt"]) / sum(k["vedtak"]) if sum(k["vedtak"]) else 0.0
        if not sum(k["ledige"]):
            hvorfor = "ingen ledige plasser"
        elif andel >= resultat.felles_andel:
            hvorfor = f"allerede {round(100 * andel)} % av vedtaket, over felles nivå"
        else:
            hvorfor = "ingen av husstandene passer de ledige plassene, eller andre kommuner lå lenger under"
        uten_forslag.append({"kommune": k, "hvorfor": hvorfor})
    return {
        "data": data,
        "resultat": resultat,
        "vis": vis,
        "sider": _sidetall(vis["side"]),
        "oversikt": oversikt,
        "grupper": grupper,
        "uplasserte": uplasserte,
        "uten_forslag": uten_forslag,
        "kommunevalg": sorted(kommunetekst(k["navn"], k["nummer"]) for k in kommuner.values()),
        "antall_husstander": len(husstander),
        "antall_personer": sum(sum(h["behov"]) for h in husstander.values()),
        "plassert_personer": sum(g["personer"] for g in oversikt),
        "felles": f"{round(100 * resultat.felles_andel)} %",
        "gap": fs.gap_tekst(resultat.gap),
        "sekunder": f"{resultat.sekunder:.1f}".replace(".", ","),
    }
