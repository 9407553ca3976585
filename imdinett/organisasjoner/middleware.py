from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers, patch_vary_headers


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
