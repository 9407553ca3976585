from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from imdinett.feil import DomeneFeil
from imdinett.organisasjoner.admin_site import for_hver
from imdinett.organisasjoner.selectors import er_bufetat, er_imdi_eller_superbruker

from . import services
from .models import Innmelding


@admin.register(Innmelding)
class InnmeldingAdmin(admin.ModelAdmin):
    """The queues of IMDi and Bufetat. Bufetat sees only what is routed to Bufetat. Every step goes
    through innmelding.services; the answer is written in «Svar til kommunen» and saved with «Lagre», a
    rejection's reason in «Begrunnelse» and sent in the same step with «Avslå innmeldingen»."""

    change_form_template = "admin/innmelding/innmelding/change_form.html"

    list_display = [
        "pk",
        "kommune",
        "type",
        "beskrivelse",
        "uke_tekst",
        "saerlig_hensyn",
        "status",
        "mottaker",
        "saksbehandler",
        "sendt",
    ]
    list_filter = ["status", "type", "mottaker"]
    search_fields = ["kommune__navn", "person__duf_nummer"]
    list_select_related = ["kommune", "person", "saksbehandler"]
    actions = ["ta", "behandlet"]
    fields = [
        "kommune",
        "type",
        "mottaker",
        "status",
        "boligtype",
        "em_tiltak",
        "em_alder",
        "antall",
        "person",
        "tilknytning",
        "forventet_uke",
        "merknad",
        "saerlig_hensyn",
        "saerlig_hensyn_beskrivelse",
        "sendt",
        "sendt_av",
        "saksbehandler",
        "svar",
        "begrunnelse",
        "avsluttet",
        "avsluttet_av",
    ]

    def get_readonly_fields(self, request, obj=None):
        return [f for f in self.fields if f not in ("svar", "begrunnelse")]

    def _tilgang(self, request) -> bool:
        return er_imdi_eller_superbruker(request.user) or er_bufetat(request.user)

    def has_module_permission(self, request):
        return self._tilgang(request)

    def has_view_permission(self, request, obj=None):
        return self._tilgang(request)

    def has_change_permission(self, request, obj=None):
        return self._tilgang(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not er_imdi_eller_superbruker(request.user):
            qs = qs.filter(mottaker=Innmelding.Mottaker.BUFETAT)
        return qs

    def save_model(self, request, obj, form, change):
        """Nothing is saved directly: «Avslå innmeldingen» rejects with the reason typed, «Lagre» sends the
        answer text — each through its service, so the kommune is notified and the Hendelse recorded."""
        try:
            if "_avslaa" in request.POST:
                services.innmelding_avslutt(
                    innmelding=obj,
                    behandlet=False,
                    begrunnelse=form.cleaned_data["begrunnelse"],
                    av=request.user,
                )
            elif "svar" in form.changed_data:
                services.innmelding_svar(innmelding=obj, svar=form.cleaned_data["svar"], av=request.user)
        except DomeneFeil as e:
            request.innmelding_feil = e.melding

    def response_change(self, request, obj):
        """A refusal keeps the caseworker on the innmelding, with the reason, and what was typed."""
        feil = getattr(request, "innmelding_feil", None)
        if feil:
            self.message_user(request, feil, messages.ERROR)
            return HttpResponseRedirect(request.path)
        if "_avslaa" in request.POST:
            self.message_user(request, f"Innmelding {obj.pk} er avslått.", messages.SUCCESS)
            return HttpResponseRedirect("../")
        return super().response_change(request, obj)

    @admin.action(description="Ta til behandling (Saksbehandles)")
    def ta(self, request, queryset):
        for_hver(
            self,
            request,
            queryset,
            lambda i: services.innmelding_ta(innmelding=i, av=request.user),
            "Saksbehandles",
        )

    @admin.action(description="Merk som behandlet")
    def behandlet(self, request, queryset):
        for_hver(
            self,
            request,
            queryset,
            lambda i: services.innmelding_avslutt(innmelding=i, behandlet=True, av=request.user),
            "Behandlet",
        )
