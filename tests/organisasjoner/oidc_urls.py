"""The project's URLs with OpenID Connect switched on (as imdinett/urls.py does when OIDC_RP_CLIENT_ID is set)."""

from imdinett.organisasjoner import oidc
from imdinett.urls import urlpatterns as prosjektet

urlpatterns = prosjektet + oidc.urlpatterns
