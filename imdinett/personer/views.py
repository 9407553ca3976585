from django.shortcuts import render

from .selectors import access_person, person_sok


def sok(request):
    tekst = request.GET.get("q", "")
    treff = list(person_sok(request.user, tekst)[:100]) if tekst else []
    mal = "personer/sok.html#treff" if request.htmx else "personer/sok.html"
    return render(request, mal, {"q": tekst, "treff": treff, "aktiv": "personer"})


def grunndata(request, pk: int):
    person = access_person(request.user, pk)
    return render(request, "personer/grunndata.html", {"person": person, "aktiv": "personer"})
