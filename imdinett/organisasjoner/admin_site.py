"""IMDi's workbench: the Django admin, open to IMDi_Saksbehandler (and superusers) only. Who reaches it is
decided in `selectors` (`naar_admin`, `er_bufetat`) and `tilgang` (`er_imdi_eller_superbruker`)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property


def _er_imdi_eller_superbruker(bruker) -> bool:
    # Imported here: this module is loaded while the app registry is still being populated.
    from .tilgang import er_imdi_eller_superbruker

    return er_imdi_eller_superbruker(bruker)


class ImdinettAdminSite(admin.AdminSite):
    """IMDi's workbench; Bufetat reaches only its queue of innmeldinger here."""

    site_header = "IMDinett – saksbehandling"
    site_title = "IMDinett admin"
    index_title = "Arbeidsbenk"

    @property
    def login_form(self):
        """The admin's login form: the demo password is refused when debug is off."""
        from .forms import AdminInnloggingSkjema

        return AdminInnloggingSkjema

    def has_permission(self, request):
        from .selectors import naar_admin

        return naar_admin(request.user)

    def password_change(self, request, extra_context=None):
        """The admin's own «Endre passord»: the change is an event (never the password itself)."""
        from django.db import transaction

        from .services import bruker_passord_endret

        with transaction.atomic():
            foer = request.user.password
            svar = super().password_change(request, extra_context)
            if request.user.is_authenticated and request.user.password != foer:
                bruker_passord_endret(av=request.user, bruker=request.user)
        return svar


class ImdinettAdminConfig(AdminConfig):
    default_site = "imdinett.organisasjoner.admin_site.ImdinettAdminSite"


class AvgrensetTelling(Paginator):
    """Counts no further than `TAK` rows (a LIMIT inside the count), so a page costs the same whatever the years
    of history; the first `TAK` are paged, the rest are reached with a filter or a search.
    `flere`: there are more than that (admin/pagination.html says «minst»)."""

    TAK = 10_000

    @cached_property
    def count(self) -> int:
        antall = self.object_list[: self.TAK + 1].count()
        self.flere = antall > self.TAK
        return min(antall, self.TAK)


class StorListe:
    """An admin list over a table that grows with the years (issue #21): no second count of the whole
    table beside the filtered one, a count that stops at `AvgrensetTelling.TAK`, no facet counts, and a number
    (DUF, fødselsnummer, Reg-nr) found by an exact match on `nummerfelt` through their indexes, not by
    `icontains` across joins; other text goes to `search_fields`."""

    paginator = AvgrensetTelling
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    nummerfelt: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        tall = search_term.replace(" ", "")
        if tall.isdecimal() and self.nummerfelt:
            return queryset.filter(Q(*((felt, tall) for felt in self.nummerfelt), _connector=Q.OR)), False
        return super().get_search_results(request, queryset, search_term)


class ImdiModelAdmin(admin.ModelAdmin):
    """IMDi may view, add and change; nobody deletes case data through the admin."""

    def has_module_permission(self, request):
        return _er_imdi_eller_superbruker(request.user)

    def has_view_permission(self, request, obj=None):
        return _er_imdi_eller_superbruker(request.user)

    def has_add_permission(self, request):
        return _er_imdi_eller_superbruker(request.user)

    def has_change_permission(self, request, obj=None):
        return _er_imdi_eller_superbruker(request.user)

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
        return _er_imdi_eller_superbruker(request.user)

    has_add_permission = has_change_permission = has_view_permission


class LesInline(ImdiInline):
    """A read-only inline."""

    def has_add_permission(self, request, obj=None):
        return False

    has_change_permission = has_add_permission


def tomfilter(tom: str, ikke_tom: str) -> type[admin.EmptyFieldListFilter]:
    """Django's filter on whether a field is empty offers «Tom» and «Ikke tom»: say what that means for the
    field instead (`("behandlet", tomfilter("Ikke behandlet", "Behandlet"))`)."""

    class TomFilter(admin.EmptyFieldListFilter):
        def choices(self, changelist):
            for valg, tekst in zip(super().choices(changelist), (None, tom, ikke_tom), strict=True):
                if tekst:
                    antall = str(valg["display"]).partition(" (")[2]  # «Vis antall» adds «(3)»
                    valg["display"] = f"{tekst} ({antall}" if antall else tekst
                yield valg

    return TomFilter


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
