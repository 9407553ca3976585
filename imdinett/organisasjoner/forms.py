from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed

from imdinett.skjema import DsSkjema

from .roller import Rolle
from .services import er_demo_i_produksjon


class DemoSperre:
    """The demo's password (seeded by `seed_demo` in debug) opens nothing when debug is off, whatever
    database the server meets: the login fails as with a wrong password, and django-axes counts it
    as one (the lock-out check and the password check run first, as for every login)."""

    def clean(self):
        renset = super().clean()
        if self.user_cache is not None and er_demo_i_produksjon(passord=self.cleaned_data.get("password")):
            self.user_cache = None
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.cleaned_data.get("username")},
                request=self.request,
            )
            raise self.get_invalid_login_error()
        return renset


class InnloggingSkjema(DemoSperre, AuthenticationForm):
    """The login page's form (/logg-inn/)."""


class AdminInnloggingSkjema(DemoSperre, AdminAuthenticationForm):
    """The admin's login form (/admin/login/)."""


def rollevalg(roller: list[Rolle]):
    return [(r.value, r.navn) for r in roller]


class RollerSkjema(DsSkjema, forms.Form):
    roller = forms.MultipleChoiceField(label="Roller", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, tildelbare: list[Rolle], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roller"].choices = rollevalg(tildelbare)

    def valgte_roller(self) -> set[Rolle]:
        return {Rolle(v) for v in self.cleaned_data["roller"]}


class NyBrukerSkjema(RollerSkjema):
    username = forms.RegexField(
        label="Brukernavn",
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": "Bruk bare bokstaver, tall og tegnene . @ + - _"},
    )
    first_name = forms.CharField(label="Fornavn", max_length=150)
    last_name = forms.CharField(label="Etternavn", max_length=150)
    email = forms.EmailField(
        label="E-postadresse", error_messages={"invalid": "Skriv en gyldig e-postadresse."}
    )
    password = forms.CharField(
        label="Startpassord",
        widget=forms.PasswordInput(render_value=True),
        help_text="Minst 12 tegn. Brukeren bør bytte det ved første innlogging.",
    )

    field_order = ["username", "first_name", "last_name", "email", "password", "roller"]

    def clean_password(self):
        passord = self.cleaned_data["password"]
        validate_password(passord)
        return passord


class KodeSkjema(DsSkjema, forms.Form):
    kode = forms.CharField(
        label="Engangskode",
        max_length=20,
        help_text="Seks sifre fra autentiseringsappen på telefonen. Koden skiftes hvert 30. sekund.",
        error_messages={"required": "Skriv inn engangskoden fra autentiseringsappen."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_kode(self):
        kode = "".join(self.cleaned_data["kode"].split())  # «123 456» as some apps show it
        if not (len(kode) == 6 and kode.isascii() and kode.isdecimal()):
            raise forms.ValidationError("Skriv de seks sifrene fra autentiseringsappen, uten bokstaver.")
        return kode
