"""The users `make load` logs in as (`manage.py bench --oppsett` with IMDINETT_LAST_PASSORD), each with its
own organisation, and what each opens; written to var/bench/last-oppsett.json for tests/last/locustfile.py."""

import base64
import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import Count
from django_otp.plugins.otp_totp.models import TOTPDevice

from fordeling.models import Fordelingsliste
from imdinett.organisasjoner.models import Bruker, Kommune, Mottak, Organisasjon
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.services import bruker_sett_roller
from imdinett.personer.models import Bosettingssak, Person

Saksstatus = Bosettingssak.Status
LAST_MOTTAK, LAST_KOMMUNER, LAST_IMDI = 20, 20, 10  # 50 users for `make load`


def bruker(username: str, org: Organisasjon | None, roller: set[Rolle], av, passord=None, **ekstra) -> Bruker:
    bruker, _ = Bruker.objects.update_or_create(
        username=username,
        defaults={
            "first_name": "Bench",
            "last_name": username,
            "email": f"{username}@example.org",
            "organisasjon": org,
            "password": make_password(passord) if passord else "!",
            "is_active": True,
            **ekstra,
        },
    )
    if org is not None:
        bruker_sett_roller(av=av, bruker=bruker, roller=roller)
    return bruker


def lastbrukere(obj: dict, passord: str, stdout) -> None:
    """The 50 users `make load` logs in as, each with its own organisation, and what they open."""
    admin = Bruker.objects.get(username="bench_admin")
    imdi_org = Organisasjon.objects.get(type=Organisasjon.Type.IMDI)
    brukere = []
    mottak = list(
        Mottak.objects.filter(imdi_kode__startswith="N")
        .annotate(n=Count("beboere"))
        .order_by("-n", "pk")[:LAST_MOTTAK]
    )
    for i, m in enumerate(mottak):
        personer = list(
            Person.objects.filter(
                mottak=m, bosettingssak__status__in=(Saksstatus.OPPRETTET, Saksstatus.UNDER_KARTLEGGING)
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:20]
        )
        b = bruker(f"last_mottak_{i:02d}", m, {Rolle.MOTTAK_BOSETTINGSANSVARLIG}, admin, passord)
        brukere.append({"brukernavn": b.username, "rolle": "mottak", "mottak": m.pk, "personer": personer})
    kommuner = list(
        Kommune.objects.filter(overordnet__isnull=True)
        .annotate(n=Count("bosettingssaker"))
        .order_by("-n", "pk")[:LAST_KOMMUNER]
    )
    if obj["kommune"] not in kommuner:
        kommuner[-1] = obj["kommune"]
    for i, k in enumerate(kommuner):
        lister = list(
            Fordelingsliste.objects.filter(kommune=k, sendt__isnull=False).values_list("pk", flat=True)
        )
        personer = list(
            Person.objects.filter(
                bosettingssak__kommune=k,
                bosettingssak__status__in=(Saksstatus.SOKT_UT, Saksstatus.BOSATT),
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:20]
        )
        roller = {Rolle.KOMMUNE_BOSETTER_SKRIV, Rolle.KOMMUNE_ANMODER_SKRIV}
        b = bruker(f"last_kommune_{i:02d}", k, roller, admin, passord)
        brukere.append(
            {
                "brukernavn": b.username,
                "rolle": "kommune",
                "kommune": k.pk,
                "lister": lister,
                "personer": personer,
            }
        )
    for i in range(LAST_IMDI):
        b = bruker(f"last_imdi_{i:02d}", imdi_org, {Rolle.IMDI_SAKSBEHANDLER}, admin, passord, is_staff=True)
        # IMDi logs in with a one-time code: a new authenticator key for every run, handed to locust.
        nokkel = secrets.token_bytes(20)
        TOTPDevice.objects.update_or_create(
            user=b, defaults={"name": "Last", "key": nokkel.hex(), "confirmed": True, "last_t": -1}
        )
        brukere.append(
            {
                "brukernavn": b.username,
                "rolle": "imdi",
                "kommune": obj["kommune"].pk,
                "totp": base64.b32encode(nokkel).decode(),
            }
        )
    etternavn = list(Person.objects.values_list("etternavn", flat=True).distinct().order_by("etternavn")[:50])
    sti = Path(settings.BASE_DIR) / "var" / "bench" / "last-oppsett.json"
    sti.parent.mkdir(parents=True, exist_ok=True)
    sti.write_text(json.dumps({"brukere": brukere, "etternavn": etternavn}, ensure_ascii=False, indent=2))
    stdout.write(f"{len(brukere)} lastbrukere; skrevet {sti}")
