from django.db.models import Q

from imdinett.organisasjoner.models import Kommune


def kommune_sok(tekst: str):
    """Kommuner and bydeler by name or number; all of them when the search is empty."""
    qs = Kommune.objects.select_related("overordnet").order_by("navn")
    tekst = tekst.strip()
    if tekst:
        qs = qs.filter(Q(navn__icontains=tekst) | Q(nummer__startswith=tekst) | Q(fylke__icontains=tekst))
    return qs
