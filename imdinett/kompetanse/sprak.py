"""Every word of the public self-registration, in the languages it is offered in (#19 no. 6): the
largest groups in the mottak. The rest of IMDinett is bokmål only and uses no gettext; this one page
takes its texts from here, one module per language in imdinett/kompetanse/tekster/. A key missing in a
language falls back to bokmål. What is stored stays language-neutral (choice keys), so staff read the
answers in bokmål.

The resident picks the language on the page; it travels as `?sprak=` (bokmål leaves the address as it
was). Codes are BCP 47: `prs` is Dari (ISO 639-3)."""

from importlib import import_module
from urllib.parse import urlencode

NB = "nb"
PARAMETER = "sprak"

# code: (the language's own name, writing direction)
SPRAK = {
    "nb": ("Norsk", "ltr"),
    "en": ("English", "ltr"),
    "ar": ("العربية", "rtl"),
    "ti": ("ትግርኛ", "ltr"),
    "prs": ("دری", "rtl"),
    "uk": ("Українська", "ltr"),
}


KATALOG = {kode: import_module(f"imdinett.kompetanse.tekster.{kode}").TEKSTER for kode in SPRAK}
_NB = KATALOG[NB]


class Tekster(dict):
    """One language's texts; a key it lacks is read in bokmål (templates look keys up as `t.nokkel`)."""

    def __init__(self, sprak: str):
        super().__init__(KATALOG[sprak])
        self.sprak = sprak
        self.retning = SPRAK[sprak][1]

    def __missing__(self, nokkel: str) -> str:
        return _NB[nokkel]


def tekster(sprak: str = NB) -> Tekster:
    return Tekster(sprak if sprak in KATALOG else NB)


def valgt(request) -> str:
    """The language asked for in the address; anything else is bokmål."""
    sprak = request.GET.get(PARAMETER, "")
    return sprak if sprak in KATALOG else NB


def med_sprak(adresse: str, sprak: str) -> str:
    """The address with the language kept; bokmål adds nothing."""
    return adresse if sprak == NB else f"{adresse}?{urlencode({PARAMETER: sprak})}"


def valgmeny(adresse: str, sprak: str) -> list[dict]:
    """The language links at the top of every page: each in its own language, the chosen one marked."""
    return [
        {
            "kode": kode,
            "navn": navn,
            "retning": retning,
            "href": med_sprak(adresse, kode),
            "valgt": kode == sprak,
        }
        for kode, (navn, retning) in SPRAK.items()
    ]
