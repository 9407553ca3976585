import time

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from .selectors import mangler_engangskode


class OktFornyelseMiddleware:
    """Idle sessions end SESSION_COOKIE_AGE after the last renewal: an active session gets a new expiry at most
    every SESSION_FORNY_ETTER seconds (a write per page otherwise). Empty (anonymous) sessions are left alone."""

    NOKKEL = "fornyet"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        okt = request.session
        naa, sist = int(time.time()), okt.get(self.NOKKEL, 0)  # loads it: a stale cookie's session is empty
        if not okt.is_empty() and naa - sist >= settings.SESSION_FORNY_ETTER:
            okt[self.NOKKEL] = naa  # modified: SessionMiddleware saves it with a new expiry
        return response


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session ended gets HX-Redirect to the login page, not a 302 swapped
    into a fragment (pretalx, django-htmx)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        login = resolve_url(settings.LOGIN_URL)
        if (
            getattr(request, "htmx", False)
            and response.status_code == 302
            and response["Location"].startswith(login)
        ):
            response.status_code = 204
            response["HX-Redirect"] = response["Location"]
            del response["Location"]
        return response


class IngenBufringMiddleware:
    """Pages hold personal data: browsers must not keep them (no-store), and a page and its htmx
    partial share a URL, so the response varies on HX-Request (otherwise Back shows a fragment)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        patch_vary_headers(response, ["HX-Request"])
        return response


class ToFaktorMiddleware:
    """After the password (or OpenID Connect), everyone who must (`krever_tofaktor`: whoever reaches the
    admin, Bufetat included, staff and the organisations' administrators) gives a one-time code (TOTP)
    before any other page."""

    AAPNE = {"tofaktor", "logout", "admin:logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name not in self.AAPNE and mangler_engangskode(request):
            return redirect_to_login(request.get_full_path(), reverse("tofaktor"))
        return None
