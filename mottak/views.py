from django.shortcuts import render

from imdinett.organisasjoner.roller import Omraade, roller_i
from imdinett.organisasjoner.selectors import access_mottak


def mottaksinformasjon(request, mottak_id: int):
    mottak = access_mottak(request.user, mottak_id, *roller_i(Omraade.MOTTAK))
    return render(request, "mottak/mottaksinformasjon.html", {"mottak": mottak})
