"""The machine-to-machine API at /api/ (django-ninja, docs/integrasjoner.md): the token endpoint, the errors in
OAuth's shape and as fields, the OpenAPI description and its page, and the call log around every operation.
Routers of other apps are added by import string (`api.add_router(prefix, "app.modul.router")`)."""

import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from ninja import Form, NinjaAPI, Schema, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from imdinett.innboks.meldinger import paa_norsk

from . import services
from .omfang import OMFANG
from .services import Avvist

BESKRIVELSE = """API for maskin-til-maskin-integrasjoner med IMDinett.

**Autentisering** som i Maskinporten: klienten signerer en JWT (client assertion) med sin private nøkkel og
veksler den mot et kortlivet tilgangstoken med `POST /api/token`; hvert kall sender tokenet som
`Authorization: Bearer …`. IMDi registrerer klienten (klient-ID, offentlig nøkkel, omfang) i admin.

**Omfang (scopes)**:

""" + "\n".join(f"* `{o.navn}` – {o.beskrivelse} (tillatelsen «{o.tillatelse}»)" for o in OMFANG.values())

api = NinjaAPI(
    title="IMDinett API",
    version="1",
    description=BESKRIVELSE,
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
)
api.add_router("/kommune/", "imdinett.integrasjon.kommune.router")
api.add_router("/innboks/", "imdinett.integrasjon.innboks.router")


class Token(Schema):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    scope: str


class OAuthFeil(Schema):
    error: str
    error_description: str


@api.post(
    "/token",
    response={200: Token, 400: OAuthFeil},
    url_name="token",
    summary="Hent tilgangstoken",
    description="JWT-grant (RFC 7523) som i Maskinporten: `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` "
    "og `assertion=<JWT signert med klientens private nøkkel>` med `iss` = klient-ID, `aud` = "
    f"`{settings.API_UTSTEDER}`, `iat`, `exp` (høyst 120 sekunder fram), en ny `jti` og `scope` (omfang "
    "adskilt med mellomrom).",
    tags=["Autentisering"],
)
def token(request, grant_type: str = Form(""), assertion: str = Form("")):
    verdi, rad = services.token_utsted(grant_type=grant_type, assertion=assertion)
    request.api_klient = rad.klient
    return {
        "access_token": verdi,
        "expires_in": settings.API_TOKEN_LEVETID,
        "scope": " ".join(rad.omfang),
    }


@api.exception_handler(Avvist)
def avvist(request, feil: Avvist):
    request.api_klient = feil.klient or getattr(request, "api_klient", None)
    request.api_oppgitt = feil.oppgitt
    request.api_feil = f"{feil.feil}: {feil.beskrivelse}"
    svar = api.create_response(
        request, {"error": feil.feil, "error_description": feil.beskrivelse}, status=feil.status
    )
    if feil.status in (401, 403):
        svar["WWW-Authenticate"] = f'Bearer error="{feil.feil}"'
    return svar


@api.exception_handler(AuthenticationError)
def uten_token(request, feil):
    return avvist(
        request, Avvist("invalid_token", "Mangler tilgangstoken («Authorization: Bearer …»).", status=401)
    )


@api.exception_handler(ValidationError)
def valideringsfeil(request, feil: ValidationError):
    request.api_feil = "Valideringsfeil"
    return api.create_response(
        request,
        {
            "detail": [
                {
                    "felt": ".".join(str(d) for d in e.get("loc", ())),
                    "melding": paa_norsk(e),
                    "message": e.get("msg", ""),
                    "type": e.get("type", ""),
                }
                for e in feil.errors
            ]
        },
        status=422,
    )


@api.exception_handler(HttpError)
def http_feil(request, feil: HttpError):
    melding = "Meldingen kan ikke leses" if feil.status_code == 400 else "Feil"
    request.api_feil = str(feil)
    return api.create_response(request, {"detail": f"{melding} ({feil})."}, status=feil.status_code)


@api.exception_handler(Http404)
def ikke_funnet(request, feil):
    return api.create_response(request, {"detail": "Finnes ikke (Not Found)."}, status=404)


def _loggfort(view):
    """Every call in the call log (`Kall`): the client when known, the status and the time it took."""

    @wraps(view)
    def innpakket(request, *args, **kwargs):
        start = time.monotonic()
        status = 500
        try:
            svar = view(request, *args, **kwargs)
            status = svar.status_code
            return svar
        finally:
            services.kall_logg(
                klient=getattr(request, "api_klient", None),
                oppgitt=getattr(request, "api_oppgitt", ""),
                metode=request.method,
                sti=request.path,
                status=status,
                varighet_ms=round((time.monotonic() - start) * 1000),
                feil=getattr(request, "api_feil", ""),
            )

    return innpakket


def urlmonstre():
    """The API's URL patterns for `include`: open without a session (a bearer token, or nothing: the OpenAPI
    description and its page are public), each operation in the call log."""
    monstre, app_name, navnerom = api.urls
    for m in monstre:
        if m.name not in ("openapi-json", "openapi-view", "api-root"):
            m.callback = _loggfort(m.callback)
        m.callback = login_not_required(m.callback)
    return monstre, app_name, navnerom
