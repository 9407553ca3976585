"""Login with OpenID Connect (ID-porten / Ansattporten), an option next to the local accounts: on when
OIDC_RP_CLIENT_ID is set (imdinett/settings.py). Authorization code flow with PKCE (mozilla-django-oidc).
A login is matched to exactly one active account by its verified e-mail address; an account is never
created, so roles come only from an administrator. It replaces the password only: IMDi and administrators
still give their one-time code (ToFaktorMiddleware)."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.urls import path
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

log = logging.getLogger(__name__)


class OIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        """Only from the callback view (which passes the PKCE verifier): a password login never reaches
        the provider, whatever its query string says."""
        if "code_verifier" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        """The library checks signature, expiry and nonce; the token must also come from the configured
        provider (iss) and be issued to this client (aud)."""
        krav = super().verify_token(token, **kwargs)
        mottakere = krav.get("aud")
        if self.OIDC_RP_CLIENT_ID not in ([mottakere] if isinstance(mottakere, str) else mottakere or []):
            raise SuspiciousOperation("ID-tokenet er ikke utstedt til IMDinett (aud).")
        if krav.get("iss") != self.get_settings("OIDC_OP_ISSUER"):
            raise SuspiciousOperation("ID-tokenet kommer fra en annen utsteder (iss).")
        return krav

    def filter_users_by_claims(self, claims):
        epost = (claims.get("email") or "").strip() if claims.get("email_verified") is True else ""
        brukere = self.UserModel.objects.filter(email__iexact=epost, is_active=True) if epost else None
        if not brukere or brukere.count() != 1:
            log.warning("OIDC-innlogging uten entydig bruker (%s treff)", brukere.count() if brukere else 0)
            return self.UserModel.objects.none()
        return brukere


urlpatterns = [
    path(
        "oidc/logg-inn/",
        login_not_required(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        login_not_required(OIDCAuthenticationCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
]
