"""Login with OpenID Connect (ID-porten / Ansattporten), an option next to the local accounts: on when
OIDC_RP_CLIENT_ID is set (imdinett/settings.py). Authorization code flow with PKCE (mozilla-django-oidc).
A login is matched to an existing active account by its e-mail address; an account is never created,
so roles come only from an administrator."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.urls import path
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

log = logging.getLogger(__name__)

OIDC_BACKEND = "imdinett.organisasjoner.oidc.OIDCBackend"


class OIDCBackend(OIDCAuthenticationBackend):
    def verify_token(self, token, **kwargs):
        """The library checks signature, expiry and nonce; the token must also be issued to this client."""
        krav = super().verify_token(token, **kwargs)
        mottakere = krav.get("aud")
        if self.OIDC_RP_CLIENT_ID not in ([mottakere] if isinstance(mottakere, str) else mottakere or []):
            raise SuspiciousOperation("ID-tokenet er ikke utstedt til IMDinett (aud).")
        return krav

    def filter_users_by_claims(self, claims):
        epost = (claims.get("email") or "").strip()
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
