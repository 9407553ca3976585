from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .selectors import varsler_for
from .services import varsel_marker_lest


def varsler(request):
    bare_uleste = request.GET.get("uleste") == "1"
    liste = varsler_for(request.user, bare_uleste=bare_uleste)[:200]
    mal = "hendelser/varsler.html#liste" if request.htmx else "hendelser/varsler.html"
    return render(request, mal, {"varsler": liste, "bare_uleste": bare_uleste})


@require_POST
def varsler_les(request):
    varsel_marker_lest(bruker=request.user, varsler=varsler_for(request.user, bare_uleste=True))
    return redirect("varsler")
