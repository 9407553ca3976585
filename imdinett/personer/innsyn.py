"""Personvern: the one place every read of personal data is logged (issue «Tilgang»).

The access helpers that hand out a person (`selectors.access_person`, `grunndata_ved_duf`, the documents'
`access_dokument`) and the selectors of lists with names (reports, a fordelingsliste's persons) call `les()`;
`InnsynsloggMiddleware` writes one Innsynslogg line per person read when the response succeeds (2xx), in one
insert. A view cannot forget it: the person it shows came from one of those helpers. A more precise label
given by the view (the folder's section, a printout's title) replaces the helper's default.
"""

from contextvars import ContextVar

from .models import Innsynslogg

_lest: ContextVar[dict[int, str] | None] = ContextVar("innsyn_lest", default=None)
STANDARD = "Oppslag"


def les(person_ids, seksjon: str | None = None) -> None:
    """Record that the current request reads these persons (ids); outside a request (tasks, commands) a no-op."""
    lest = _lest.get()
    if lest is None:
        return
    for pk in person_ids:
        if seksjon is not None or pk not in lest:
            lest[pk] = (seksjon or STANDARD)[:60]


class InnsynsloggMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _lest.set({})
        try:
            respons = self.get_response(request)
            lest = _lest.get()
        finally:
            _lest.reset(token)
        bruker = getattr(request, "user", None)
        if lest and 200 <= respons.status_code < 300 and bruker is not None and bruker.is_authenticated:
            # The user (a lazy object) is read once, not once per line: a download logs thousands (issue #21).
            bruker_id, organisasjon_id = bruker.pk, bruker.organisasjon_id
            Innsynslogg.objects.bulk_create(
                Innsynslogg(
                    bruker_id=bruker_id, organisasjon_id=organisasjon_id, person_id=pk, seksjon=seksjon
                )
                for pk, seksjon in lest.items()
            )
        return respons
