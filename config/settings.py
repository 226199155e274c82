"""Placecraft settings: one file, read from the environment.

Every value that differs between a laptop, CI and production comes from an environment variable;
the defaults are safe for local development and the demo (SQLite, console email).
"""

import os
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env") if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
# pytest (8.2 and later) sets PYTEST_VERSION for the whole run.
TESTING = "PYTEST_VERSION" in os.environ
# A fixed development key is only acceptable for DEBUG and tests; production must set SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="") or (
    "dev-only-insecure-key-placecraft" if DEBUG or TESTING else ""
)
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "placecraft.core",
    "placecraft.accounts",
    "placecraft.places",
    "placecraft.public",
    "placecraft.frameworks",
    "placecraft.api",
    "placecraft.notifications",
    "placecraft.missions",
    "placecraft.panels",
    "placecraft.community",
    "placecraft.budgeting",
    "placecraft.evidence",
    "placecraft.sprints",
    "placecraft.openness",
    "placecraft.partners",
    "placecraft.impact",
    "placecraft.reports",
    "placecraft.scale",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "placecraft.accounts.middleware.RequireMFAForPlaceAdminsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "placecraft.core.context_processors.placecraft",
            ],
            "builtins": ["placecraft.core.templatetags.placecraft"],
        },
    },
]

# Form widgets and our GOV.UK field templates are found through TEMPLATES like any template;
# selects and choice inputs are written in Python, with the same markup (core/renderers.py).
FORM_RENDERER = "placecraft.core.renderers.FormRenderer"
FORMS_URLFIELD_ASSUME_HTTPS = True

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'placecraft.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the demo server read while a management command writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (counts, selections, imports, emails) runs in a worker process:
# `python manage.py db_worker`. Tasks are claimed from the database exactly once.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://placecraft")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# django-allauth: email log-in, verified addresses, throttled failures, TOTP for admins.
ACCOUNT_ADAPTER = "placecraft.accounts.two_factor.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Placecraft] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Placecraft"
PLACECRAFT_REQUIRE_MFA_FOR_PLACE_ADMINS = env.bool("REQUIRE_MFA_FOR_PLACE_ADMINS", default=True)
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_PROVIDERS: dict[str, object] = {}
if env.str("OIDC_SERVER_URL", default=""):
    # Council single sign-on (for example Microsoft Entra ID) through OpenID Connect.
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": env.str("OIDC_PROVIDER_ID", default="council-sso"),
                "name": env.str("OIDC_NAME", default="Council single sign-on"),
                "client_id": env.str("OIDC_CLIENT_ID"),
                "secret": env.str("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": env.str("OIDC_SERVER_URL")},
            }
        ]
    }

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Placecraft <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# Our own wording of third-party English screens (django-allauth in sentence case).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("build", BASE_DIR / "static" / "build"),
    ("js", BASE_DIR / "static" / "js"),
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "placecraft.core.uploads.RandomNameStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not TESTING
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Files of objects not everyone may see are served by views that check access. Behind nginx,
# set this to an `internal` location that aliases MEDIA_ROOT (docs/deployment.md) so nginx
# sends them; empty streams them from the app.
PLACECRAFT_MEDIA_ACCEL_PREFIX = env.str("MEDIA_ACCEL_PREFIX", default="")

# A strict Content-Security-Policy: scripts only from this site or carrying the request's nonce,
# no inline styles at all (the place's colour comes from /p/<place>/brand.css).
_FORM_ACTION = [SELF]
if env.str("OIDC_SERVER_URL", default=""):
    # After sign-in starts, the browser is redirected to the identity provider.
    from urllib.parse import urlsplit

    _oidc = urlsplit(env.str("OIDC_SERVER_URL"))
    _FORM_ACTION.append(f"{_oidc.scheme}://{_oidc.netloc}")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": _FORM_ACTION,
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Placecraft's own settings.
# Public pages served to cookieless visitors from the shared cache (0 turns it off).
PLACECRAFT_PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PLACECRAFT_API_TOKEN_RATE = env.int("API_TOKEN_RATE_PER_MINUTE", default=600)
PLACECRAFT_API_ANONYMOUS_RATE = env.int("API_ANONYMOUS_RATE_PER_MINUTE", default=120)
# Set when a proxy we run appends the client's address to X-Forwarded-For (rate limits use it).
PLACECRAFT_TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
PLACECRAFT_INVITATION_DAYS = env.int("INVITATION_DAYS", default=14)
# AGPL: operators publish where their running version's source can be had.
PLACECRAFT_SOURCE_URL = env.str("SOURCE_CODE_URL", default="")
# Where to report a vulnerability in this deployment (a mailto: or https: URI, RFC 9116), and
# the operator's disclosure policy if it has one; published in /.well-known/security.txt.
PLACECRAFT_SECURITY_CONTACT = env.str("SECURITY_CONTACT", default="")
PLACECRAFT_SECURITY_POLICY_URL = env.str("SECURITY_POLICY_URL", default="")

if TESTING:
    # Files uploaded by tests go to a throwaway folder, not the development site's media.
    import tempfile

    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="placecraft-test-media-"))
    # Fast hashing keeps the suite quick; never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    WHITENOISE_AUTOREFRESH = True
