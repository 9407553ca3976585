from django import template
from django.utils.html import format_html

from .. import selectors
from ..selectors import TEMAER, selvreg_grunndata

register = template.Library()


@register.simple_tag
def nivaa(verdi: str, tekst: str):
    """A skill level: the seed's colour dot with its text beside it (colour alone fails WCAG 1.4.1)."""
    return format_html(
        '<span class="nivaa" data-nivaa="{}"><span class="nivaa-prikk" aria-hidden="true"></span>{}</span>',
        verdi,
        tekst,
    )


@register.simple_tag
def kompetansevisning(person):
    """The person's competence per theme with its sources (`selectors.kompetanse`): the person folder's
    sections and printouts ask here, since imdinett/personer sits below this app."""
    return selectors.kompetanse(person)


@register.filter
def hent(ordbok: dict, nokkel: str):
    return ordbok.get(nokkel, [])


@register.filter
def temanavn(tema: str) -> str:
    return TEMAER.get(tema, "")


@register.filter
def grunndata(registrering, tema: str) -> list[tuple[str, str]]:
    return selvreg_grunndata(registrering, tema)


@register.filter
def kartleggingsstatus(person) -> str:
    return selectors.kartleggingsstatus(person)


@register.filter
def selvregistrert(person) -> str:
    return selectors.selvregistrert(person)
