from django.http import Http404

from imdinett.organisasjoner.selectors import er_imdi, roller_for

from .models import Dokument


def dokumenter_for(bruker):
    qs = Dokument.objects.select_related("organisasjon")
    return qs if er_imdi(bruker) else qs.filter(organisasjon_id__in=roller_for(bruker).keys())


def access_dokument(bruker, dokument_id: int) -> Dokument:
    dokument = dokumenter_for(bruker).filter(pk=dokument_id).first()
    if dokument is None:
        raise Http404
    return dokument
