"""Login with OpenID Connect (ID-porten / Ansattporten), an option next to the local accounts: on when
OIDC_RP_CLIENT_ID is set (imdinett/settings.py). Authorization code flow with PKCE (mozilla-django-oidc).
The first login is matched to exactly one active account by its verified e-mail address and binds the
provider's id for the person (`sub`) to it; later logins find the account by that id, so a changed e-mail
at the provider still finds it and an address given to someone else there does not. An account is never
created, so roles come only from an administrator. It replaces the password only: IMDi and administrators
still give their one-time code (ToFaktorMiddleware)."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
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

    def get_userinfo(self, access_token, id_token, payload):
        """The provider's claims about the user; they must be about the ID token's user (OpenID Connect
        Core 5.3.2: the same `sub`)."""
        krav = super().get_userinfo(access_token, id_token, payload)
        if not payload.get("sub") or krav.get("sub") != payload["sub"]:
            raise SuspiciousOperation("Brukerinformasjonen gjelder en annen innlogging (sub).")
        return krav

    def filter_users_by_claims(self, claims):
        """The account bound to this login (`sub`), if it is active; before the first login, the one active
        account with the verified e-mail, unless it is bound to another login."""
        sub = claims["sub"]
        if len(sub) > self.UserModel._meta.get_field("oidc_sub").max_length:
            log.warning("OIDC-innlogging med for lang sub (%s tegn)", len(sub))
            return self.UserModel.objects.none()
        bundet = self.UserModel.objects.filter(oidc_sub=sub).first()
        if bundet is not None:  # bound: this account or none (a deactivated one is not replaced)
            return [bundet] if bundet.is_active else self.UserModel.objects.none()
        epost = (claims.get("email") or "").strip() if claims.get("email_verified") is True else ""
        brukere = list(self.UserModel.objects.filter(email__iexact=epost, is_active=True)) if epost else []
        if len(brukere) != 1 or brukere[0].oidc_sub is not None:
            log.warning("OIDC-innlogging uten entydig, ubundet bruker (%s treff)", len(brukere))
            return self.UserModel.objects.none()
        return brukere

    def update_user(self, user, claims):
        """Binds the account to the login at its first one, once: a simultaneous first login finds it bound
        (or the `sub` taken) and is refused."""
        if user.oidc_sub is None:
            try:
                with transaction.atomic():
                    bundet = self.UserModel.objects.filter(pk=user.pk, oidc_sub__isnull=True).update(
                        oidc_sub=claims["sub"]
                    )
            except IntegrityError:
                bundet = 0
            if not bundet:
                return None
            user.oidc_sub = claims["sub"]
        return user

    def get_user(self, user_id):
        """The session's user, while active (the library's does not ask; Django's ModelBackend does)."""
        bruker = super().get_user(user_id)
        return bruker if bruker is not None and self.user_can_authenticate(bruker) else None


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
