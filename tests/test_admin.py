"""Every page of IMDi's admin opens on the demo data (list, add where allowed, one object)."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from imdinett.organisasjoner.models import Bruker
from utvikling.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_alle_adminsider_aapner_for_imdi(client):
    call_command("load_referansedata", verbosity=0)
    seed_demo()
    imdi = Bruker.objects.get(username="imdi")
    client.force_login(imdi)
    assert client.get(reverse("admin:index")).status_code == 200
    sjekket = 0
    sider = []
    foresporsel = type("Foresporsel", (), {"user": imdi})()
    for modell, modeladmin in admin.site._registry.items():
        navn = f"admin:{modell._meta.app_label}_{modell._meta.model_name}"
        if not modeladmin.has_view_permission(foresporsel):
            continue  # Django's own (groups, axes): superusers only
        liste = client.get(reverse(f"{navn}_changelist"))
        assert liste.status_code == 200, navn
        sider.append((navn, liste.content.decode()))
        objekt = modeladmin.get_queryset(foresporsel).first()
        if objekt is not None:
            assert client.get(reverse(f"{navn}_change", args=[objekt.pk])).status_code == 200, navn
        if modeladmin.has_add_permission(foresporsel):
            assert client.get(reverse(f"{navn}_add")).status_code == 200, navn
        sjekket += 1
    assert sjekket >= 15
    # IMDi works in the admin all day: none of the English Django's nb catalogue leaves (locale/nb).
    engelsk = ["Skip to main content", "Start typing to filter", "Show counts", "Hide counts", "Toggle theme"]
    funnet = {(navn, e) for navn, html in sider for e in engelsk if e in html}
    assert not funnet, funnet
    assert "Hopp til hovedinnholdet" in sider[0][1] and "Skriv for å filtrere" in sider[0][1]
