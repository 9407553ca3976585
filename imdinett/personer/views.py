from django.shortcuts import render

from imdinett.htmx import side_eller_del

from .selectors import access_person, person_sok


def sok(request):
    tekst = request.GET.get("q", "")
    treff = list(person_sok(request.user, tekst)[:100]) if tekst else []
    mal = side_eller_del(request, "personer/sok.html", "treff")
    return render(request, mal, {"q": tekst, "treff": treff})


def grunndata(request, pk: int):
    person = access_person(request.user, pk)
    return render(request, "personer/grunndata.html", {"person": person})
