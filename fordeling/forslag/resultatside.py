"""The suggestion's result page, as IMDi reads it (templates/admin/fordeling/forslag_resultat.html): per kommune
its households with reasons and the fill rate before and after, the unplaced, the kommuner without a suggestion
and why. `post` is the result form when it comes back (ticks, «Flytt til», «Legg til i» kept)."""

from . import modell as fs


def kommunetekst(k: dict) -> str:
    """«Sortland (1870)»: how a kommune is typed and shown in «Flytt til» / «Legg til i»."""
    return f"{k['navn']} ({k['nummer']})"


def _prosent(teller: int, nevner: int) -> str:
    return f"{round(100 * teller / nevner)} %" if nevner else "–"


def visning(resultat: fs.Forslag, data: dict, post) -> dict:
    """The result page's groups: per kommune (by name) its households with reasons, before/after fill rate
    and free places per category; the unplaced with the rule; the solver's status."""
    kommuner, husstander = data["kommuner"], data["husstander"]
    med = {int(h) for h in post.getlist("husstand") if h.isdecimal()} if post else None
    valgte = {int(k) for k in post.getlist("kommune") if k.isdecimal()} if post else None
    per_kommune: dict[int, list] = {}
    for p in resultat.plasseringer:
        per_kommune.setdefault(p.kommune_id, []).append(p)
    grupper = []
    for kid, plasseringer in per_kommune.items():
        k = kommuner[str(kid)]
        rader = [{"p": p, "h": husstander[str(p.husstand_id)]} for p in plasseringer]
        for rad in rader:
            rad["med"] = med is None or rad["p"].husstand_id in med
            rad["flytt"] = post.get(f"flytt_{rad['p'].husstand_id}", "") if post else ""
        foreslatt = [sum(r["h"]["behov"][c] for r in rader) for c in range(3)]
        personer = sum(foreslatt)
        grupper.append(
            {
                "kommune": k,
                "rader": rader,
                "personer": personer,
                "valgt": valgte is None or kid in valgte,
                "for": _prosent(sum(k["brukt"]), sum(k["vedtak"])),
                "etter": _prosent(sum(k["brukt"]) + personer, sum(k["vedtak"])),
                "kategorier": [
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
            }
        )
    grupper.sort(key=lambda g: (g["kommune"]["navn"], g["kommune"]["nummer"]))
    uplasserte = [
        {
            "u": u,
            "h": husstander[str(u.husstand_id)],
            "legg_til": post.get(f"legg_til_{u.husstand_id}", "") if post else "",
        }
        for u in resultat.uplasserte
        if str(u.husstand_id) in husstander
    ]
    plassert_personer = sum(g["personer"] for g in grupper)
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
        "grupper": grupper,
        "uplasserte": uplasserte,
        "uten_forslag": uten_forslag,
        "kommunevalg": sorted(kommunetekst(k) for k in kommuner.values()),
        "antall_husstander": len(husstander),
        "antall_personer": sum(sum(h["behov"]) for h in husstander.values()),
        "plassert_personer": plassert_personer,
        "felles": f"{round(100 * resultat.felles_andel)} %",
        "gap": fs.gap_tekst(resultat.gap),
        "sekunder": f"{resultat.sekunder:.1f}".replace(".", ","),
    }
