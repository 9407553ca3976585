"""IMDi's workbench: the Django admin, open to IMDi_Saksbehandler (and superusers) only."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


def er_imdi_eller_superbruker(bruker) -> bool:
    # Imported here: this module is loaded while the app registry is still being populated.
    from imdinett.organisasjoner.selectors import er_imdi

    return bruker.is_active and (bruker.is_superuser or er_imdi(bruker))


def er_bufetat(bruker) -> bool:
    from imdinett.organisasjoner.tilgang import kan

    return bruker.is_active and kan(bruker, "admin.bufetat")


def naar_admin(bruker) -> bool:
    """Who reaches the admin at all. Everyone who does gives the one-time code too
    (`organisasjoner.selectors.krever_tofaktor` asks this function)."""
    return er_imdi_eller_superbruker(bruker) or er_bufetat(bruker)


class ImdinettAdminSite(admin.AdminSite):
    """IMDi's workbench; Bufetat reaches only its queue of innmeldinger here."""

    site_header = "IMDinett – saksbehandling"
    site_title = "IMDinett admin"
    index_title = "Arbeidsbenk"

    @property
    def login_form(self):
        """The admin's login form: the demo password is refused when debug is off."""
        from imdinett.organisasjoner.forms import AdminInnloggingSkjema

        return AdminInnloggingSkjema

    def has_permission(self, request):
        return naar_admin(request.user)

    def password_change(self, request, extra_context=None):
        """The admin's own «Endre passord»: the change is an event (never the password itself)."""
        from django.db import transaction

        from imdinett.organisasjoner.services import bruker_passord_endret

        with transaction.atomic():
            foer = request.user.password
            svar = super().password_change(request, extra_context)
            if request.user.is_authenticated and request.user.password != foer:
                bruker_passord_endret(av=request.user, bruker=request.user)
        return svar


class ImdinettAdminConfig(AdminConfig):
    default_site = "imdinett.admin_site.ImdinettAdminSite"


class ImdiModelAdmin(admin.ModelAdmin):
    """IMDi may view, add and change; nobody deletes case data through the admin."""

    def has_module_permission(self, request):
        return er_imdi_eller_superbruker(request.user)

    def has_view_permission(self, request, obj=None):
        return er_imdi_eller_superbruker(request.user)

    def has_add_permission(self, request):
        return er_imdi_eller_superbruker(request.user)

    def has_change_permission(self, request, obj=None):
        return er_imdi_eller_superbruker(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class LesAdmin(ImdiModelAdmin):
    """Read-only (events, outbox)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ImdiInline:
    """Mixin for inlines in IMDi's admin (Django's model permissions are not used here)."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return er_imdi_eller_superbruker(request.user)

    has_add_permission = has_change_permission = has_view_permission


class LesInline(ImdiInline):
    """A read-only inline."""

    def has_add_permission(self, request, obj=None):
        return False

    has_change_permission = has_add_permission


def for_hver(modeladmin, request, queryset, handling, melding: str) -> None:
    """Run a service for each chosen object in an admin action: a refusal is shown for that object,
    the others go ahead; one summary line for those that succeeded."""
    from django.contrib import messages

    from imdinett.feil import DomeneFeil

    ok = 0
    for obj in queryset:
        try:
            handling(obj)
            ok += 1
        except DomeneFeil as e:
            modeladmin.message_user(request, f"{obj}: {e.melding}", messages.ERROR)
    if ok:
        modeladmin.message_user(request, f"{melding}: {ok}.", messages.SUCCESS)
