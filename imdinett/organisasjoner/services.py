"""User administration (brukeradministrasjon). The same rules hold in the product's pages and
for scripts: an administrator manages only users of their own organisation and grants only the
roles of that organisation's area."""

import base64

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import assign_perm, remove_perm

from imdinett.feil import DomeneFeil

from .models import Bruker, Organisasjon, OrganisasjonRolle
from .roller import Rolle
from .selectors import (
    administrerte_organisasjoner,
    arbeidsflate_paneler,
    arbeidsflate_tilgjengelige,
    brukerroller,
    tildelbare_roller,
)
from .tilgang import er_imdi

# The demo (`seed_demo`, debug only) gives its users this password and this authenticator key (README).
# Production (DEBUG off) refuses both whatever database it meets: the login form refuses the password
# (forms.DemoSperre) and `totp_bekreft` the key.
DEMO_PASSORD = "demo"
DEMO_TOTP_NOKKEL = "IMDINETTDEMOKODEIMDINETTDEMOKODE"


def er_demo_i_produksjon(*, passord: str | None = None, enhet: TOTPDevice | None = None) -> bool:
    """True when debug is off and this is the demo's password or authenticator key."""
    if settings.DEBUG:
        return False
    if passord is not None and passord == DEMO_PASSORD:
        return True
    return enhet is not None and enhet.key.lower() == base64.b32decode(DEMO_TOTP_NOKKEL).hex()


def _krev_administrator(av: Bruker, organisasjon: Organisasjon | None, bruker: Bruker | None = None) -> None:
    """IMDi administers everyone (in the admin) but a superuser; an administrator only the ordinary users
    of their own organisation: not a superuser, not the admin's staff, not IMDi. Only a superuser touches
    a superuser."""
    if av.is_superuser:
        return
    if bruker is not None and bruker.is_superuser:
        raise DomeneFeil("Bare en superbruker kan endre en superbruker.")
    if er_imdi(av):
        return
    if organisasjon is None or organisasjon.pk not in administrerte_organisasjoner(av):
        raise DomeneFeil("Du kan bare administrere brukere i din egen organisasjon.")
    if bruker is not None and (bruker.is_staff or er_imdi(bruker)):
        raise DomeneFeil("IMDi-brukere og brukere med tilgang til adminsidene administreres av IMDi.")


def _krev_annen(av: Bruker, bruker: Bruker, melding: str) -> None:
    """Nobody but a superuser changes their own roles or organisation."""
    if av.pk == bruker.pk and not av.is_superuser:
        raise DomeneFeil(melding)


def _basis(organisasjon: Organisasjon) -> Organisasjon:
    """Roles live on the Organisasjon row itself, also when handed a Kommune or Mottak."""
    return getattr(organisasjon, "organisasjon_ptr", organisasjon)


# Every step below is logged: the events live in imdinett/hendelser, which sits above this app and records
# what this signal announces (`hendelser.services.brukeradministrasjon_registrer`) in the step's transaction.
brukeradministrasjon_utfort = Signal()  # keyword arguments: av, organisasjon, kode, tittel, data


def _logg(
    *, av: Bruker, organisasjon: Organisasjon | None, kode: str, tittel: str, data: dict | None = None
) -> None:
    brukeradministrasjon_utfort.send(
        sender=Bruker, av=av, organisasjon=organisasjon, kode=kode, tittel=tittel, data=data
    )


@transaction.atomic
def bruker_opprett(
    *,
    av: Bruker,
    organisasjon: Organisasjon,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str | None,
    roller: set[Rolle] = frozenset(),
) -> Bruker:
    """Create an active user in `organisasjon` with the given roles (all within its area)."""
    bruker = Bruker(
        username=username, first_name=first_name, last_name=last_name, email=email, organisasjon=organisasjon
    )
    if password:
        bruker.set_password(password)
    else:
        bruker.set_unusable_password()
    return bruker_lagre_ny(av=av, bruker=bruker, roller=roller)


@transaction.atomic
def bruker_lagre_ny(*, av: Bruker, bruker: Bruker, roller: set[Rolle] = frozenset()) -> Bruker:
    """Save a new user built by a form (its password already set): the admin's «Legg til bruker» and
    `bruker_opprett`. Only a superuser makes staff or superusers. Logged."""
    _krev_administrator(av, bruker.organisasjon)
    if Bruker.objects.filter(username__iexact=bruker.username).exists():
        raise DomeneFeil("Brukernavnet er allerede i bruk.", felt="username")
    if not av.is_superuser:
        bruker.is_staff = bruker.is_superuser = False
    bruker.save()
    _logg(
        av=av,
        organisasjon=bruker.organisasjon,
        kode="bruker.opprettet",
        tittel=f"Bruker {bruker.username} opprettet",
    )
    bruker_sett_roller(av=av, bruker=bruker, roller=set(roller))
    return bruker


@transaction.atomic
def rolle_tildel(*, av: Bruker, bruker: Bruker, rolle: Rolle) -> None:
    """Grant `rolle` on the user's own organisation; refused outside the administrator's area."""
    organisasjon = bruker.organisasjon
    if organisasjon is None:
        raise DomeneFeil("Brukeren tilhører ingen organisasjon.")
    _krev_administrator(av, organisasjon, bruker)
    _krev_annen(av, bruker, "Du kan ikke endre dine egne roller. Be en annen administrator eller IMDi.")
    if rolle not in tildelbare_roller(organisasjon):
        raise DomeneFeil(f"Rollen {rolle.navn} kan ikke tildeles i {organisasjon.navn}.", felt="roller")
    assign_perm(rolle.perm, bruker, _basis(organisasjon))
    _logg(
        av=av,
        organisasjon=organisasjon,
        kode="bruker.rolle_tildelt",
        tittel=f"Rollen {rolle.navn} tildelt {bruker.username}",
    )


@transaction.atomic
def rolle_fjern(*, av: Bruker, bruker: Bruker, rolle: Rolle) -> None:
    organisasjon = bruker.organisasjon
    _krev_administrator(av, organisasjon, bruker)
    _krev_annen(av, bruker, "Du kan ikke endre dine egne roller. Be en annen administrator eller IMDi.")
    remove_perm(rolle.perm, bruker, _basis(organisasjon))
    _logg(
        av=av,
        organisasjon=organisasjon,
        kode="bruker.rolle_fjernet",
        tittel=f"Rollen {rolle.navn} fjernet fra {bruker.username}",
    )


@transaction.atomic
def bruker_sett_aktiv(*, av: Bruker, bruker: Bruker, aktiv: bool) -> None:
    """Deactivate (or reactivate) a user. Nobody deactivates themselves."""
    _krev_administrator(av, bruker.organisasjon, bruker)
    if bruker.pk == av.pk and not aktiv:
        raise DomeneFeil("Du kan ikke deaktivere deg selv.")
    bruker.is_active = aktiv
    bruker.save(update_fields=["is_active"])
    _logg(
        av=av,
        organisasjon=bruker.organisasjon,
        kode="bruker.aktivert" if aktiv else "bruker.deaktivert",
        tittel=f"Bruker {bruker.username} {'aktivert' if aktiv else 'deaktivert'}",
    )


@transaction.atomic
def bruker_sett_roller(*, av: Bruker, bruker: Bruker, roller: set[Rolle]) -> None:
    """Make the user's roles at their organisation exactly `roller`, all or nothing."""
    naa = set(brukerroller([bruker]).get(bruker.pk, []))
    for rolle in sorted(roller - naa, key=list(Rolle).index):
        rolle_tildel(av=av, bruker=bruker, rolle=rolle)
    for rolle in sorted(naa - roller, key=list(Rolle).index):
        rolle_fjern(av=av, bruker=bruker, rolle=rolle)


@transaction.atomic
def bruker_sett_organisasjon(*, av: Bruker, bruker: Bruker, organisasjon: Organisasjon | None) -> None:
    """Move a user to another organisation (IMDi, in the admin). The roles at the old organisation go
    with the move (each removal logged), so the user reaches nothing there any more; the new roles are
    set afterwards. Nobody but a superuser moves themselves. Logged at both organisations."""
    gammel = bruker.organisasjon
    if (gammel.pk if gammel else None) == (organisasjon.pk if organisasjon else None):
        return
    _krev_administrator(av, gammel, bruker)
    _krev_administrator(av, organisasjon, bruker)
    _krev_annen(av, bruker, "Du kan ikke flytte deg selv til en annen organisasjon.")
    if gammel is not None:
        for rolle in brukerroller([bruker]).get(bruker.pk, []):
            rolle_fjern(av=av, bruker=bruker, rolle=rolle)
    # Roles left at any other organisation (never granted by these services) go too.
    OrganisasjonRolle.objects.filter(user=bruker).exclude(
        content_object_id=organisasjon.pk if organisasjon else None
    ).delete()
    bruker.organisasjon = organisasjon
    bruker.save(update_fields=["organisasjon"])
    bruker.__dict__.pop("_imdinett_roller", None)
    fra, til = (gammel.navn if gammel else "ingen"), (organisasjon.navn if organisasjon else "ingen")
    for org in {o.pk: o for o in (gammel, organisasjon) if o is not None}.values():
        _logg(
            av=av,
            organisasjon=org,
            kode="bruker.organisasjon_endret",
            tittel=f"Bruker {bruker.username} flyttet fra {fra} til {til}",
            data={"fra": gammel.pk if gammel else None, "til": organisasjon.pk if organisasjon else None},
        )


@transaction.atomic
def bruker_passord_endret(*, av: Bruker, bruker: Bruker) -> None:
    """Record that `av` set (or removed) the user's password, e.g. in the admin's password form. The
    event never holds the password."""
    if av.pk != bruker.pk:
        _krev_administrator(av, bruker.organisasjon, bruker)
    _logg(
        av=av,
        organisasjon=bruker.organisasjon,
        kode="bruker.passord_endret",
        tittel=f"Passordet til {bruker.username} endret"
        if bruker.has_usable_password()
        else f"Passordinnlogging slått av for {bruker.username}",
    )


@transaction.atomic
def bruker_sett_admintilgang(*, av: Bruker, bruker: Bruker, is_staff: bool, is_superuser: bool) -> None:
    """Staff and superuser status: a superuser's decision only. Logged."""
    if not av.is_superuser:
        raise DomeneFeil("Bare en superbruker kan gi eller ta bort tilgang som stab eller superbruker.")
    if (bruker.is_staff, bruker.is_superuser) == (is_staff, is_superuser):
        return
    bruker.is_staff, bruker.is_superuser = is_staff, is_superuser
    bruker.save(update_fields=["is_staff", "is_superuser"])
    _logg(
        av=av,
        organisasjon=bruker.organisasjon,
        kode="bruker.admintilgang_endret",
        tittel=f"Tilgang for {bruker.username} endret: "
        f"{'stab' if is_staff else 'ikke stab'}, {'superbruker' if is_superuser else 'ikke superbruker'}",
        data={"is_staff": is_staff, "is_superuser": is_superuser},
    )


# --- Arbeidsflate (issue #7; seed 002 «ARBEIDSFLATE»: the user removes, adds and moves the panels) ---

# Every panel key and its heading, in the default order.
ARBEIDSFLATE_HANDLINGER = ("opp", "ned", "fjern", "legg_til")


@transaction.atomic
def arbeidsflate_lagre(*, bruker: Bruker, paneler: list[str]) -> list[str]:
    """Store the panels `bruker` shows, in this order. Refuses (DomeneFeil, nothing stored) an
    unknown or unavailable panel, a panel twice and an empty dashboard (empty means default)."""
    tilgjengelige = arbeidsflate_tilgjengelige(bruker)
    paneler = list(paneler)
    if not paneler:
        raise DomeneFeil("Arbeidsflaten må ha minst ett panel.")
    if any(not isinstance(p, str) or p not in tilgjengelige for p in paneler):
        raise DomeneFeil("Ukjent panel.")
    if len(set(paneler)) != len(paneler):
        raise DomeneFeil("Et panel kan bare vises én gang.")
    bruker.arbeidsflate = paneler
    bruker.save(update_fields=["arbeidsflate"])
    return paneler


@transaction.atomic
def arbeidsflate_endre(*, bruker: Bruker, handling: str, panel: str) -> list[str]:
    """Move one shown panel up or down, remove it, or add a hidden one (last); store the result.
    Moving the first panel up or the last down changes nothing. The row is locked so that two quick
    clicks are two steps, not one."""
    bruker.arbeidsflate = (
        Bruker.objects.select_for_update().values_list("arbeidsflate", flat=True).get(pk=bruker.pk)
    )
    paneler = arbeidsflate_paneler(bruker)
    if handling == "legg_til":
        if panel in paneler:
            raise DomeneFeil("Panelet vises allerede.")
        paneler.append(panel)
    elif handling not in ARBEIDSFLATE_HANDLINGER:
        raise DomeneFeil("Ukjent handling.")
    elif panel not in paneler:
        raise DomeneFeil("Panelet vises ikke på arbeidsflaten.")
    elif handling == "fjern":
        paneler.remove(panel)
    else:
        i = paneler.index(panel)
        j = i - 1 if handling == "opp" else i + 1
        if 0 <= j < len(paneler):
            paneler[i], paneler[j] = paneler[j], paneler[i]
    return arbeidsflate_lagre(bruker=bruker, paneler=paneler)


# ---- two-factor login (TOTP, django-otp) ----


def oidc_kobling_fjern(*, av: Bruker, bruker: Bruker) -> None:
    """The person's id at the OpenID Connect provider changed (or the account was bound wrongly): the
    binding goes, and the next login binds the account again by its verified e-mail. Logged."""
    _krev_administrator(av, bruker.organisasjon, bruker)
    Bruker.objects.filter(pk=bruker.pk).update(oidc_sub=None)
    bruker.oidc_sub = None
    _logg(
        av=av,
        organisasjon=bruker.organisasjon,
        kode="bruker.oidc_kobling_fjernet",
        tittel=f"Koblingen til ID-porten/Ansattporten fjernet for {bruker.username}",
    )


def totp_enhet(bruker: Bruker, ventende_id: int | None = None) -> TOTPDevice:
    """The user's confirmed authenticator; else the one this session is setting up (`ventende_id`), or a
    new one with a fresh key: a key shown to another session is never reused, so whoever saw it (with the
    password) keeps no second factor."""
    enheter = TOTPDevice.objects.filter(user=bruker)
    enhet = enheter.filter(confirmed=True).first()
    enhet = enhet or (enheter.filter(pk=ventende_id).first() if ventende_id else None)
    if enhet is None:
        enheter.delete()
        enhet = TOTPDevice.objects.create(user=bruker, name="Autentiseringsapp", confirmed=False)
    return enhet


MAKS_FEIL_KODER = 7  # django-otp waits 2^(n-1) seconds after n wrong codes: at most 64 s


def totp_bekreft(*, bruker: Bruker, enhet_id: int, kode: str) -> TOTPDevice:
    """Check a one-time code (locked: one code, one login); the first correct code confirms a new
    authenticator. django-otp refuses a code used before and slows down repeated wrong codes (the
    count of wrong codes is committed before the refusal is raised)."""
    with transaction.atomic():
        enhet = TOTPDevice.objects.select_for_update().get(pk=enhet_id, user=bruker)
        if er_demo_i_produksjon(enhet=enhet):  # a database seeded in debug: its shared key is no factor
            raise DomeneFeil(
                "Autentiseringsappen er satt opp med demonøkkelen, som ikke gjelder her. "
                "Be administratoren i organisasjonen din eller IMDi nullstille tofaktorinnloggingen.",
                felt="kode",
            )
        # Each wrong code doubles the wait; capped at about a minute, so someone with only the password
        # cannot lock the owner out for days (a guess a minute cannot find a six-digit code).
        enhet.throttling_failure_count = min(enhet.throttling_failure_count, MAKS_FEIL_KODER)
        tillatt, _ = enhet.verify_is_allowed()
        riktig = tillatt and enhet.verify_token(kode)
        if riktig and not enhet.confirmed:
            enhet.confirmed = True
            enhet.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=bruker).exclude(pk=enhet.pk).delete()
            _logg(
                av=bruker,
                organisasjon=bruker.organisasjon,
                kode="bruker.tofaktor_aktivert",
                tittel=f"Tofaktorinnlogging aktivert for {bruker.username}",
            )
    if not tillatt:
        raise DomeneFeil("For mange feil koder på kort tid. Vent litt og prøv igjen.", felt="kode")
    if not riktig:
        raise DomeneFeil("Koden stemmer ikke. Skriv inn den sekssifrede koden appen viser nå.", felt="kode")
    return enhet


@transaction.atomic
def totp_nullstill(*, av: Bruker, bruker: Bruker) -> None:
    """A lost phone: an administrator of the user's organisation removes the user's authenticator (not
    their own: another administrator or IMDi does that; never a superuser's, the admin's staff's or
    IMDi's: IMDi does that); the next login sets up a new one."""
    if av.pk == bruker.pk:
        raise DomeneFeil(
            "Du kan ikke nullstille din egen tofaktorinnlogging. Be en annen administrator eller IMDi."
        )
    _krev_administrator(av, bruker.organisasjon, bruker)
    TOTPDevice.objects.filter(user=bruker).delete()
    _logg(
        av=av,
        organisasjon=bruker.organisasjon,
        kode="bruker.tofaktor_nullstilt",
        tittel=f"Tofaktorinnlogging nullstilt for {bruker.username}",
    )
