from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from imdinett.htmx import side_eller_del

from .selectors import varsler_for
from .services import varsel_marker_lest


def varsler(request):
    bare_uleste = request.GET.get("uleste") == "1"
    liste = varsler_for(request.user, bare_uleste=bare_uleste)[:200]
    mal = side_eller_del(request, "hendelser/varsler.html", "liste")
    return render(request, mal, {"varsler": liste, "bare_uleste": bare_uleste})


@require_POST
def varsler_les(request):
    varsel_marker_lest(bruker=request.user, varsler=varsler_for(request.user, bare_uleste=True))
    return redirect("varsler")
