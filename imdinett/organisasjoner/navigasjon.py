"""Navigation from one registry (issue «Tilgang»): the core draws the shell and its menus, each workflow app
registers its entries in its AppConfig.ready(). An entry names its page and the permission that page asks
(imdinett/organisasjoner/tilgang.py), so a link exists exactly when its page opens for the user.

Menus:
- «hoved»: the global menu (no organisation in the address);
- «kommune» and «mottak»: the left menu of one organisation's pages — `organisasjon=True` entries are
  reversed with its id and asked for it, the others (national pages shown in the same menu) are asked anywhere;
- «snarvei»: the Arbeidsflate's shortcuts, to the user's first own organisation where the permission holds.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse

from .tilgang import TILLATELSER, kan, organisasjoner_med


@dataclass(frozen=True)
class Lenke:
    meny: str  # «hoved», «kommune», «mottak», «snarvei»
    url: str  # the url name, e.g. "fordeling:fordelinger"
    tekst: str
    tillatelse: str | None  # None: every logged-in user
    organisasjon: bool = False  # the address takes the organisation's id
    gruppe: str = ""  # a heading in the left menu
    aktiv_for: tuple[str, ...] = ()  # other pages (url names) that belong to this entry
    egne: bool = False  # only where the user holds a role (not IMDi's national reach)
    plass: int = 50  # the order within the menu (ties: registration order)


@dataclass(frozen=True)
class Menypunkt:
    lenke: Lenke
    href: str
    aktiv: bool


REGISTER: list[Lenke] = []


def registrer(*lenker: Lenke) -> None:
    for lenke in lenker:
        if lenke.tillatelse is not None and lenke.tillatelse not in TILLATELSER:
            raise ValueError(f"Ukjent tillatelse: {lenke.tillatelse}")
        REGISTER.append(lenke)
    REGISTER.sort(key=lambda lenke: lenke.plass)


@lru_cache(maxsize=4096)
def _href(url: str, org_id: int | None, prefiks: str) -> str:
    """Reversed once per address and process (the kommune menu's 18 addresses cost a third of a millisecond
    on every page, `make bench`); `prefiks` is the script prefix they were reversed under."""
    return reverse(url, args=[org_id] if org_id is not None else None)


def _aktiv(request, lenke: Lenke) -> bool:
    """The current page is the entry's, or one of `aktiv_for` (a name ending in «:» is a whole namespace)."""
    treff = getattr(request, "resolver_match", None)
    if treff is None:
        return False
    navn = treff.view_name
    return navn == lenke.url or any(
        navn == a or (a.endswith(":") and navn.startswith(a)) for a in lenke.aktiv_for
    )


def aapner(bruker, lenke: Lenke, org_id: int | None = None) -> bool:
    """Whether the entry's page opens for the user (for `org_id` when the address takes one)."""
    if lenke.tillatelse is None:
        return True
    if lenke.egne:
        return bool(organisasjoner_med(bruker, lenke.tillatelse))
    return kan(bruker, lenke.tillatelse, org_id if lenke.organisasjon else None)


def punkter(request, meny: str, org_id: int | None = None) -> list[Menypunkt]:
    """The entries of one menu the user may open, in registration order."""
    bruker, prefiks = request.user, get_script_prefix()
    ut = []
    for lenke in REGISTER:
        if lenke.meny != meny:
            continue
        if lenke.meny == "snarvei" and lenke.organisasjon:
            egne = organisasjoner_med(bruker, lenke.tillatelse)
            if not egne:
                continue
            ut.append(Menypunkt(lenke, _href(lenke.url, egne[0], prefiks), False))
            continue
        if not aapner(bruker, lenke, org_id):
            continue
        arg = org_id if lenke.organisasjon else None
        ut.append(Menypunkt(lenke, _href(lenke.url, arg, prefiks), _aktiv(request, lenke)))
    return ut


def grupper(punkter_: list[Menypunkt]) -> list[tuple[str, list[Menypunkt]]]:
    """Consecutive entries under their heading («» for entries without one), for the left menus."""
    ut: list[tuple[str, list[Menypunkt]]] = []
    for p in punkter_:
        if p.lenke.gruppe and ut and ut[-1][0] == p.lenke.gruppe:
            ut[-1][1].append(p)
        else:
            ut.append((p.lenke.gruppe, [p]))
    return ut


def menysider(meny: str) -> set[str]:
    """The url names of a menu's national entries and their pages (they show the user's own organisation's
    menu)."""
    return {
        url
        for lenke in REGISTER
        if lenke.meny == meny and not lenke.organisasjon
        for url in (lenke.url, *lenke.aktiv_for)
    }
