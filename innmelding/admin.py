from django.contrib import admin, messages

from imdinett.admin_site import er_bufetat, er_imdi_eller_superbruker, for_hver
from imdinett.feil import DomeneFeil

from . import services
from .models import Innmelding


@admin.register(Innmelding)
class InnmeldingAdmin(admin.ModelAdmin):
    """The queues of IMDi and Bufetat. Bufetat sees only what is routed to Bufetat. Every step goes
    through innmelding.services; the answer is written in «Svar til kommunen», a rejection's reason in
    «Begrunnelse»."""

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
    actions = ["ta", "behandlet", "avslaa"]
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
        """Only the answer text is saved here, through the service (so the kommune is notified)."""
        if "svar" in form.changed_data:
            try:
                services.innmelding_svar(innmelding=obj, svar=form.cleaned_data["svar"], av=request.user)
            except DomeneFeil as e:
                self.message_user(request, e.melding, messages.ERROR)
        if "begrunnelse" in form.changed_data:
            Innmelding.objects.filter(pk=obj.pk, status__in=services.AKTIVE).update(
                begrunnelse=obj.begrunnelse
            )

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

    @admin.action(description="Avslå (med teksten i «Begrunnelse»)")
    def avslaa(self, request, queryset):
        for_hver(
            self,
            request,
            queryset,
            lambda i: services.innmelding_avslutt(
                innmelding=i, behandlet=False, begrunnelse=i.begrunnelse, av=request.user
            ),
            "Avslått",
        )
