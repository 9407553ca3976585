from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from imdinett.hendelser.selectors import varsler_for
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import alle_roller
from imdinett.personer.selectors import personliste


def arbeidsflate(request):
    roller = sorted(alle_roller(request.user), key=list(Rolle).index)
    ctx = {
        "roller": roller,
        "varsler": varsler_for(request.user)[:5],
        "personliste": personliste(request.user),
    }
    return render(request, "arbeidsflate.html", ctx)


@login_not_required
def hjelp(request):
    return render(request, "hjelp.html")
