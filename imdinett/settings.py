"""One settings module, driven by the environment (see README "Konfigurasjon").

Without any variables set it runs the embedded quick start: SQLite under var/, Celery tasks
in-process, e-mail to files under var/mail. Production sets DJANGO_DEBUG=false,
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, REDIS_URL and the EMAIL_* variables.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("IMDINETT_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)
if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="imdinett-utvikling-ikke-hemmelig-" + "x" * 32)
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # required: no default outside debug
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("IMDINETT_SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "imdinett.organisasjoner.admin_site.ImdinettAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "guardian",
    "rules",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "ninja",  # its Swagger UI's own files (templates, static): the API's docs page needs no CDN
    "imdinett.organisasjoner",
    "imdinett.hendelser",
    "imdinett.personer",
    "imdinett.dokumenter",
    "imdinett.kompetanse",
    "imdinett.innboks",
    "imdinett.integrasjon",
    "mottak",
    "kommune",
    "innmelding",
    "fordeling",
    "utvikling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "imdinett.organisasjoner.middleware.OktFornyelseMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "imdinett.personer.innsyn.InnsynsloggMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "imdinett.organisasjoner.middleware.ToFaktorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "imdinett.organisasjoner.middleware.HtmxLoginRedirectMiddleware",
    "imdinett.organisasjoner.middleware.IngenBufringMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "imdinett.urls"
WSGI_APPLICATION = "imdinett.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "imdinett.context_processors.meny",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"  # forms use templates/partials/skjema.html

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'imdinett.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database of `make run` takes concurrent writes (issue #19 no. 12): every transaction
    # takes the write lock when it begins (IMMEDIATE), so writers queue for up to `timeout` seconds instead
    # of failing at once with «database is locked» when a reader turns writer; WAL lets pages read while
    # one request writes. Services still lock what they change (select_for_update) for PostgreSQL.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisasjoner.Bruker"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Named permissions per organisation (imdinett/organisasjoner/tilgang.py); guardian stores the role grants.
    "rules.permissions.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "arbeidsflate"
LOGOUT_REDIRECT_URL = "login"

# Two-factor login (TOTP, django-otp): required for IMDi, staff/superusers and administrators
# (organisasjoner.selectors.krever_tofaktor; ToFaktorMiddleware). Each wrong code doubles the wait.
OTP_TOTP_ISSUER = "IMDinett"

# OpenID Connect (ID-porten / Ansattporten), optional: on when OIDC_RP_CLIENT_ID is set. Code flow with
# PKCE; accounts are matched by verified e-mail and never created; it replaces the password, not the
# one-time code (imdinett/organisasjoner/oidc.py).
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_NAVN = env.str("OIDC_NAVN", default="ID-porten")
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("imdinett.organisasjoner.oidc.OIDCBackend")
    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER")
    OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email")
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_USE_PKCE = True
    OIDC_CREATE_USER = False
    LOGIN_REDIRECT_URL_FAILURE = "/logg-inn/?oidc=avvist"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row
# guardian stores the role grants; the permission checks are django-rules' (tilgang.py), not guardian's backend.
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]

# Login throttling: five failures lock the username from that address for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/sperret.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Idle sessions expire after SESSION_COOKIE_AGE: an active session is renewed at most every
# SESSION_FORNY_ETTER seconds (organisasjoner.middleware.OktFornyelseMiddleware), not written on every request.
SESSION_FORNY_ETTER = 5 * 60

LANGUAGE_CODE = "nb"
LOCALE_PATHS = [BASE_DIR / "locale"]  # bokmål for what Django's own nb catalogue leaves in English
LANGUAGES = [("nb", "Norsk bokmål")]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["imdinett.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = Path(env.str("IMDINETT_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: documents go through the access-checked view
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: files under var/mail unless an SMTP server is configured.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if env.str("EMAIL_HOST", default="")
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="IMDinett <ikke-svar@imdinett.example.org>")
IMDI_VARSEL_EPOST = env.str("IMDI_VARSEL_EPOST", default="mottak@imdi.example.org")

# Letters out (issue #23, docs/integrasjoner-utsending.md): `behold` keeps them in IMDinett for download (the
# default, and `make run`); `svarut` sends them through KS Fiks SvarUT's forsendelse API with HTTP basic auth.
BREV_UTSENDING = env.str("BREV_UTSENDING", default="behold")
SVARUT_URL = env.str("SVARUT_URL", default="")
SVARUT_BRUKERNAVN = env.str("SVARUT_BRUKERNAVN", default="")
SVARUT_PASSORD = env.str("SVARUT_PASSORD", default="")
SVARUT_TIMEOUT_TILKOBLING = env.float("SVARUT_TIMEOUT_TILKOBLING", default=10.0)  # seconds to connect
SVARUT_TIMEOUT = env.float("SVARUT_TIMEOUT", default=120.0)  # seconds to wait for an answer (under the pause)
if BREV_UTSENDING not in ("behold", "svarut"):
    raise ImproperlyConfigured("BREV_UTSENDING er «behold» eller «svarut».")
if BREV_UTSENDING == "svarut" and not (SVARUT_URL and SVARUT_BRUKERNAVN and SVARUT_PASSORD):
    raise ImproperlyConfigured(
        "BREV_UTSENDING=svarut krever SVARUT_URL, SVARUT_BRUKERNAVN og SVARUT_PASSORD."
    )

# Celery: without REDIS_URL every task runs in-process (quick start); with it, on the broker.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_PUBLISH_RETRY = False  # a broker outage must not hang the request; the sweep catches up
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis has no acks: a task of a worker that died as a whole is handed out again after this many seconds.
# Every task here is short (e-mail, reminders); a task running longer than this would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900)}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # The outbox sweep: first attempts the broker missed, and retries when due (Epost.PAUSER).
    "send-usendt-epost": {"task": "imdinett.hendelser.tasks.epost_sweep", "schedule": 300.0},
    # Letters of answered lists still waiting ten minutes after they were ordered (fordeling.tasks).
    "lag-ventende-brev": {"task": "fordeling.tasks.brev_sweep", "schedule": 300.0},
    # Letters out: due attempts (Utsending.PAUSER) and the receipts of sent ones (imdinett.dokumenter.tasks).
    "send-brev": {"task": "imdinett.dokumenter.tasks.utsending_sweep", "schedule": 300.0},
    "paaminnelser-mottak": {"task": "mottak.tasks.paaminnelse_sweep", "schedule": crontab(hour=6, minute=0)},
    "paaminnelser-anmodning": {
        "task": "kommune.tasks.paaminnelse_sweep",
        "schedule": crontab(hour=6, minute=5),
    },
    "paaminnelser-kompetanse": {
        "task": "imdinett.kompetanse.tasks.paaminnelse_sweep",
        "schedule": crontab(hour=6, minute=15),
    },
    "paaminnelser-fordeling": {
        "task": "fordeling.tasks.paaminnelse_sweep",
        "schedule": crontab(hour=6, minute=10),
    },
    "historikk-lagringstid": {
        "task": "imdinett.personer.tasks.historikk_rydd",
        "schedule": crontab(hour=3, minute=0),
    },
    "forslag-lagringstid": {"task": "fordeling.tasks.forslag_rydd", "schedule": crontab(hour=3, minute=10)},
    "api-lagringstid": {
        "task": "imdinett.integrasjon.tasks.kall_rydd",
        "schedule": crontab(hour=3, minute=20),
    },
    # Inbound messages from UDI and MOT still waiting for a person a later message was to bring.
    "innboks-ventende": {"task": "imdinett.innboks.tasks.ventende_behandle", "schedule": 600.0},
}

# The machine-to-machine API (imdinett/integrasjon, docs/integrasjoner.md): the «aud» a client's signed
# assertion must name (our issuer, as Maskinporten's), and how many seconds an access token lives.
API_UTSTEDER = env.str("IMDINETT_API_UTSTEDER", default=SITE_URL.rstrip("/") + "/api/")
API_TOKEN_LEVETID = env.int("IMDINETT_API_TOKEN_LEVETID", default=120)

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

# Security headers; all of them on when debug is off (check --deploy is clean).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "celery": {"level": "WARNING"},
    },
}
