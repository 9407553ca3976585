"""Who reads a letter: the permission of the page it belongs to, held at the receiving organisation, and
every person it names within reach (issue «Tilgang»). Missing and forbidden look the same (404)."""

from django.http import Http404

from imdinett.organisasjoner.tilgang import kan, roller_med
from imdinett.personer.innsyn import les as innsyn_les
from imdinett.personer.selectors import persons_visible_to

from .models import Dokument


def kan_lese(bruker, dokument: Dokument) -> bool:
    """Whether the user may open the letter: `dokument.tillatelse` at its organisation (IMDi holds the
    letters' permissions nationally) and every person it names reachable through that permission's roles."""
    if not kan(bruker, dokument.tillatelse, dokument.organisasjon_id):
        return False
    ider = dokument.navngitte_ider()
    if not ider:
        return True
    naadde = persons_visible_to(bruker, roller=roller_med(dokument.tillatelse)).filter(pk__in=ider)
    return naadde.count() == len(ider)


def access_dokument(bruker, dokument_id: int) -> Dokument:
    """The letter if the user may open it (`kan_lese`), else 404; the persons it names are logged as read
    (`innsyn.les`, «Brev: Vedtak om bosettingskommune»: the title without what follows the dash, a name)."""
    dokument = Dokument.objects.filter(pk=dokument_id).prefetch_related("personer").first()
    if dokument is None or not kan_lese(bruker, dokument):
        raise Http404
    innsyn_les(sorted(dokument.navngitte_ider()), f"Brev: {dokument.tittel.split(' – ')[0]}"[:60])
    return dokument
