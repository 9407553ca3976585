from django.shortcuts import get_object_or_404, render

from imdinett.htmx import side_eller_del
from imdinett.organisasjoner.models import Kommune

from .selectors import kommune_sok


def kommuner(request):
    tekst = request.GET.get("q", "")
    liste = kommune_sok(tekst)
    mal = side_eller_del(request, "kommune/kommuner.html", "liste")
    return render(request, mal, {"q": tekst, "kommuner": liste})


def kommune(request, pk: int):
    # Contact information the kommune keeps is public to every logged-in user (seed 001, "Kommuner").
    kommune = get_object_or_404(
        Kommune.objects.select_related("postnummer", "flyktningkontor_postnummer", "overordnet"), pk=pk
    )
    return render(request, "kommune/kommune.html", {"kommune": kommune})
