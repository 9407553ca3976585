"""`manage.py totp_kode BRUKERNAVN`: the demo users' current one-time code, so `make run` can be tried
without an authenticator app (refused when DJANGO_DEBUG is off). The browser tests log in with it too, and
the tests and `make bench` log a test client in with `force_login_med_kode`."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def gyldig_kode(enhet: TOTPDevice) -> str:
    """A code the device will accept now: a code is good once, so after a login in this 30-second step
    take the next step's (within the device's tolerance), or wait for it."""
    while True:
        totp = TOTP(enhet.bin_key, enhet.step, enhet.t0, enhet.digits, enhet.drift)
        totp.time = time.time()
        steg = max(totp.t(), enhet.last_t + 1)
        if steg <= totp.t() + enhet.tolerance:
            totp.time = (steg - enhet.drift) * enhet.step + enhet.t0
            return f"{totp.token():0{enhet.digits}d}"
        time.sleep(1)


def force_login_med_kode(klient, bruker, force_login) -> None:
    """`force_login` standing for the whole login: a user who must give a one-time code gets a confirmed
    authenticator marked as used in the session (the code step itself is tested on its own)."""
    from imdinett.organisasjoner.middleware import OktFornyelseMiddleware
    from imdinett.organisasjoner.selectors import krever_tofaktor

    force_login(klient, bruker)
    session = klient.session
    session[OktFornyelseMiddleware.NOKKEL] = int(time.time())  # renewed, as by the login's response
    if krever_tofaktor(bruker):
        enhet = TOTPDevice.objects.filter(user=bruker, confirmed=True).first()
        enhet = enhet or TOTPDevice.objects.create(user=bruker, name="Test", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = enhet.persistent_id
    session.save()
    bruker.__dict__.pop("_imdinett_roller", None)  # roles may change after the login


class Command(BaseCommand):
    help = "Skriver ut gjeldende engangskode for en demobruker (bare når DJANGO_DEBUG er på)."

    def add_arguments(self, parser):
        parser.add_argument("brukernavn")

    def handle(self, *args, brukernavn, **options):
        if not settings.DEBUG:
            raise CommandError("totp_kode er bare for demo og utvikling (DJANGO_DEBUG er av).")
        enhet = TOTPDevice.objects.filter(user__username=brukernavn).order_by("-confirmed").first()
        if enhet is None:
            raise CommandError(f"{brukernavn} har ingen autentiseringsapp.")
        self.stdout.write(gyldig_kode(enhet))
