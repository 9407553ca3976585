"""A message that waits for what never comes is given up by the sweep after `VENTER_MAKS_DAGER`: «feilet» with
the waiting reason, an event, one notification to IMDi; one inside the cap still waits, and IMDi's «Behandle på
nytt» after the fix applies it (and starts the clock again should it still wait)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from imdinett.hendelser.models import Hendelse, Varsel
from imdinett.innboks.models import Innboksmelding
from imdinett.innboks.services import behandle_paa_nytt, ventende_behandle
from imdinett.personer.models import Bosettingssak

from .conftest import send, sokt_ut, tillatelse

pytestmark = pytest.mark.django_db
S = Innboksmelding.Status
DAGER = Innboksmelding.VENTER_MAKS_DAGER


def utflyttet_uten_sok_ut(mottak, idag, *, alder: timedelta) -> tuple[Innboksmelding, str]:
    """MOT's «utflyttet» for a case never søkt ut, received `alder` ago."""
    data = tillatelse(mottak=mottak)
    send("udi", "tillatelse_innvilget", data)
    duf = data["personer"][0]["duf_nummer"]
    melding, _ = send("mot", "utflyttet", {"duf_nummer": [duf], "dato": idag.isoformat()})
    Innboksmelding.objects.filter(pk=melding.pk).update(mottatt=timezone.now() - alder)
    assert melding.status == S.VENTER
    return melding, duf


def test_melding_som_venter_forbi_grensen_gis_opp_med_hendelse_og_varsel(mottak, imdi_org, idag):
    gammel, duf = utflyttet_uten_sok_ut(mottak, idag, alder=timedelta(days=DAGER, minutes=1))
    ny, _ = utflyttet_uten_sok_ut(mottak, idag, alder=timedelta(days=DAGER, minutes=-1))

    assert ventende_behandle() == {"behandlet": 0, "feilet": 1}
    gammel.refresh_from_db()
    ny.refresh_from_db()
    assert ny.status == S.VENTER
    assert gammel.status == S.FEILET
    assert gammel.feil == [
        {
            "felt": "duf_nummer",
            "nb": f"Ventet i over {DAGER} dager og er gitt opp. "
            f"Venter på at bosettingssaken til DUF-nummer {duf} blir søkt ut.",
            "en": f"Waited more than {DAGER} days and was given up. Waiting for the settlement case of DUF "
            f"number {duf} to be søkt ut (accepted by a kommune).",
        }
    ]
    hendelse = Hendelse.objects.get(kode="innboks.gitt_opp")
    assert hendelse.tittel == (
        f"Melding {gammel.melding_id} (Flyttet ut av mottak) fra MOT (UDIs mottakssystem) ventet i over {DAGER} "
        "dager og er feilet"
    )
    assert (hendelse.utfort_av, hendelse.data["melding"]) == (None, gammel.pk)
    varsel = Varsel.objects.get(organisasjon=imdi_org)
    assert varsel.tittel == f"En melding i innboksen ventet i over {DAGER} dager og er markert feilet"
    assert varsel.lenke == reverse("admin:innboks_innboksmelding_change", args=[gammel.pk])
    assert duf not in varsel.tittel + varsel.tekst  # no personal data in a notification

    # The next sweep changes nothing more: given up once, one event, one notification.
    assert ventende_behandle() == {"behandlet": 0, "feilet": 0}
    assert Hendelse.objects.filter(kode="innboks.gitt_opp").count() == 1
    assert Varsel.objects.filter(organisasjon=imdi_org).count() == 1


def test_flere_gitt_opp_gir_ett_varsel_med_antall(mottak, imdi_org, idag):
    for _ in range(3):
        utflyttet_uten_sok_ut(mottak, idag, alder=timedelta(days=DAGER + 5))
    assert ventende_behandle()["feilet"] == 3
    varsel = Varsel.objects.get(organisasjon=imdi_org)
    assert varsel.tittel.startswith("3 meldinger i innboksen ventet i over")
    assert varsel.lenke.endswith("?status__exact=feilet")
    assert Hendelse.objects.filter(kode="innboks.gitt_opp").count() == 3


def test_behandle_paa_nytt_etter_retting_bruker_meldingen(mottak, kommune, imdi_org, imdi_bruker, idag):
    melding, duf = utflyttet_uten_sok_ut(mottak, idag, alder=timedelta(days=DAGER + 1))
    ventende_behandle()
    # Replayed before the fix it waits again, and the cap counts from the replay: the sweep leaves it.
    melding = behandle_paa_nytt(melding=Innboksmelding.objects.get(pk=melding.pk), av=imdi_bruker)
    assert melding.status == S.VENTER
    assert ventende_behandle() == {"behandlet": 0, "feilet": 0}
    Innboksmelding.objects.filter(pk=melding.pk).update(
        behandlet_paa_nytt=timezone.now() - timedelta(days=DAGER, minutes=1)
    )
    assert ventende_behandle() == {"behandlet": 0, "feilet": 1}
    sokt_ut([duf], kommune)  # the fix: the kommune accepted the case
    melding = behandle_paa_nytt(melding=Innboksmelding.objects.get(pk=melding.pk), av=imdi_bruker)
    assert (melding.status, melding.feil, melding.behandlet_paa_nytt_av) == (S.BEHANDLET, [], imdi_bruker)
    assert Bosettingssak.objects.get().status == Bosettingssak.Status.BOSATT
    hendelser = Hendelse.objects.filter(kode="innboks.behandlet_paa_nytt").order_by("pk")
    assert [(h.tittel.rsplit(": ", 1)[1], h.tekst, h.utfort_av) for h in hendelser] == [
        ("venter", "Var feilet.", imdi_bruker),
        ("behandlet", "Var feilet.", imdi_bruker),
    ]
