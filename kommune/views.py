from django.shortcuts import get_object_or_404, render

from imdinett.organisasjoner.models import Kommune

from .selectors import kommune_sok


def kommuner(request):
    tekst = request.GET.get("q", "")
    liste = kommune_sok(tekst)
    mal = "kommune/kommuner.html#liste" if request.htmx else "kommune/kommuner.html"
    return render(request, mal, {"q": tekst, "kommuner": liste, "aktiv": "kommuner"})


def kommune(request, pk: int):
    # Contact information the kommune keeps is public to every logged-in user (seed 001, "Kommuner").
    kommune = get_object_or_404(
        Kommune.objects.select_related("postnummer", "flyktningkontor_postnummer", "overordnet"), pk=pk
    )
    return render(request, "kommune/kommune.html", {"kommune": kommune, "aktiv": "kommuner"})
