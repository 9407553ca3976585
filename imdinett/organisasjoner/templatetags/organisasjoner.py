from django import template

from imdinett.organisasjoner.models import Organisasjon

register = template.Library()

# IMDi's and Bufetat's caseworkers act for their organisation: a kommune or a mottak sees «IMDi», not the
# person (seed 002: a rejected innmelding shows «begrunnelsen fra IMDi/Buf-etat og dato»; seed 003: the
# kommuner no longer have fixed contacts at IMDi). docs/security.md «Decided».
ANONYME_ORGANISASJONER = (Organisasjon.Type.IMDI, Organisasjon.Type.BUFETAT)


@register.filter
def vist_for(utforer, betrakter) -> str:
    """Who did something, as `betrakter` may see it: the name, with the organisation; for IMDi's and Bufetat's
    caseworkers only the organisation, unless the viewer works there too."""
    if utforer is None:
        return ""
    org = utforer.organisasjon
    if org is None:
        return utforer.visningsnavn
    if org.type in ANONYME_ORGANISASJONER and getattr(betrakter, "organisasjon_id", None) != org.pk:
        return org.navn
    return f"{utforer.visningsnavn} ({org.navn})"
