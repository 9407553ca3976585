from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from imdinett.feil import DomeneFeil
from imdinett.organisasjoner.admin_site import for_hver
from imdinett.organisasjoner.selectors import er_bufetat
from imdinett.organisasjoner.tilgang import er_imdi_eller_superbruker
from imdinett.uker import uke_visning

from . import services
from .models import Innmelding


class InnmeldingSkjema(forms.ModelForm):
    """The admin's form: «Svar til kommunen», and «Avslå innmeldingen» with its reason field beside the
    button — typed and sent in one step; without a reason the page comes back with the message at the field
    and everything typed kept."""

    avslag_begrunnelse = forms.CharField(
        label="Begrunnelse for avslaget",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def clean(self):
        data = super().clean()
        if "_avslaa" in self.data and not data.get("avslag_begrunnelse", "").strip():
            self.add_error("avslag_begrunnelse", "Skriv en begrunnelse for avslaget.")
        return data


# What each type asks (seed 002), shown only on its own: særlig hensyn is a dwelling's, the person and the
# tilknytning are Bestemte personer's.
TYPENS_FELT = {
    Innmelding.Type.LEDIG_BOLIG: {
        "boligtype",
        "em_tiltak",
        "em_alder",
        "antall",
        "saerlig_hensyn",
        "saerlig_hensyn_beskrivelse",
    },
    Innmelding.Type.BESTEMT_PERSON: {"person", "tilknytning"},
    Innmelding.Type.ANTALL_PLASSER: {"antall"},
}
TYPEFELT = set().union(*TYPENS_FELT.values())


@admin.register(Innmelding)
class InnmeldingAdmin(admin.ModelAdmin):
    """The queues of IMDi and Bufetat. Bufetat sees only what is routed to Bufetat. Every step goes
    through innmelding.services; the answer is written in «Svar til kommunen» and saved with «Lagre», a
    rejection's reason typed beside «Avslå innmeldingen» and sent with it (InnmeldingSkjema)."""

    change_form_template = "admin/innmelding/innmelding/change_form.html"
    form = InnmeldingSkjema

    list_display = [
        "nummer",
        "kommune",
        "type",
        "beskrivelse",
        "uke",
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
        uke_visning(Innmelding._meta.get_field("forventet_uke")),
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

    @admin.display(description="Nr.", ordering="pk")
    def nummer(self, obj):
        return obj.pk

    @admin.display(description="Klar for bosetting (uke)", ordering="forventet_uke")
    def uke(self, obj):
        return obj.uke_tekst

    def get_fields(self, request, obj=None):
        egne = TYPENS_FELT[obj.type] if obj else TYPEFELT
        return [f for f in self.fields if f not in TYPEFELT or f in egne]

    def get_readonly_fields(self, request, obj=None):
        return [f for f in self.fields if f != "svar"]

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
                    begrunnelse=form.cleaned_data["avslag_begrunnelse"],
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
