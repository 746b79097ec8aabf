"""partnerscan settings: one file, driven by environment variables.

Defaults give a working development set-up on SQLite with nothing configured.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (see docs/deploy.md).
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from partnerscan.core.languages import DEFAULT_LANGUAGE, NAMES

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "1")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
# Links in pages and e-mails start with SITE_URL. Without it they point at the port `make run`
# serves on, which it passes to the server, load_demo and the mail worker alike as PORT.
SITE_URL = (
    os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
).rstrip("/")

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "data"))
CAPABILITY_MODELS_DIR = Path(
    os.environ.get("CAPABILITY_MODELS_DIR", BASE_DIR / "capability_models")
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # for its local copy of Swagger UI: the API's docs load nothing from elsewhere
    "partnerscan.core",
    "partnerscan.capability",
    "partnerscan.accounts",
    "partnerscan.assessments",
    "partnerscan.reports",
    "partnerscan.audit",
    "partnerscan.plans",
    "partnerscan.pool",
    "partnerscan.portfolio",
    "partnerscan.partnerview",
    "partnerscan.api",
    "partnerscan.sso",
    "partnerscan.webhooks",
    "partnerscan.workshop",
    "partnerscan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "partnerscan.core.middleware.NoStoreMiddleware",
]

if not DEBUG:
    # In production WhiteNoise serves the collected static files; in development runserver does.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "partnerscan.urls"
WSGI_APPLICATION = "partnerscan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "partnerscan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'partnerscan.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and one writer work at the same time; the timeout makes
    # concurrent respondents wait for the write lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # The test database lives in a file too: SQLite's shared in-memory database answers a
    # second writing thread "table is locked" at once instead of waiting, which would make
    # the concurrency tests test SQLite's test mode rather than the app.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"partnerscan-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["partnerscan.accounts.backends.RateLimitedModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = DEFAULT_LANGUAGE
LANGUAGES = list(NAMES.items())
LOCALE_PATHS = [BASE_DIR / "partnerscan" / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Amsterdam")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "partnerscan" / "static"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "partnerscan <noreply@localhost>")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "0" if DEBUG else "1")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# No script reads a cookie: htmx gets the CSRF token from the page (respond/base.html).
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Production defaults are the strict ones; a set-up without TLS must opt out explicitly.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0" if DEBUG else "1")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "0" if DEBUG else "1")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "0")
if not SECURE_HSTS_PRELOAD:
    # Preloading commits the whole registrable domain to HTTPS in every browser for months;
    # that is the operator's decision (SECURE_HSTS_PRELOAD=1), not a default.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
if envbool("SECURE_PROXY_SSL_HEADER", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reverse proxy's address: only from it is X-Forwarded-For believed (see docs/deploy.md).
TRUSTED_PROXY = os.environ.get("TRUSTED_PROXY", "")

# No inline script or style anywhere, so an injected <script> or style attribute does nothing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
    }
}

# A database cache, so rate limits hold across several gunicorn workers without a Redis.
# The table is made by `partnerscan createcachetable` (part of `make install`).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "partnerscan_cache",
    }
}

# (attempts, seconds) per window. A network is an IPv4 address or an IPv6 /64
# (core/ratelimit.py). Per-network limits are higher than per-account ones: a whole office
# behind one address must not be locked out by one person's mistyped password.
RATE_LIMIT_TOKENS = (int(os.environ.get("RATE_LIMIT_TOKENS", "30")), 600)  # unknown tokens
RATE_LIMIT_LOGINS = (int(os.environ.get("RATE_LIMIT_LOGINS", "10")), 900)  # per account
RATE_LIMIT_LOGIN_NETWORK = (int(os.environ.get("RATE_LIMIT_LOGIN_NETWORK", "50")), 900)
RATE_LIMIT_RESETS = (int(os.environ.get("RATE_LIMIT_RESETS", "3")), 3600)  # per address
RATE_LIMIT_RESET_NETWORK = (int(os.environ.get("RATE_LIMIT_RESET_NETWORK", "20")), 3600)
# Open links: personal links claimed per network, and wrong access codes per network.
RATE_LIMIT_CLAIMS = (int(os.environ.get("RATE_LIMIT_CLAIMS", "60")), 600)
RATE_LIMIT_ACCESS_CODES = (int(os.environ.get("RATE_LIMIT_ACCESS_CODES", "10")), 900)
# Requests per API token and minute (docs/api.md); past it, a 429 says when to try again.
RATE_LIMIT_API = (int(os.environ.get("RATE_LIMIT_API", "120")), 60)

# The longest an API token may live: every token has an expiry, at most this many days.
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))

# A round's responses file above this many respondents is made by the worker, with a progress
# bar, instead of in the request (reports/export_jobs.py).
EXPORT_IN_REQUEST_MAX = int(os.environ.get("EXPORT_IN_REQUEST_MAX", "5000"))

# Single sign-on with OpenID Connect (partnerscan/sso, docs/deploy.md): off without an issuer.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip()
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "").strip()
OIDC_BUTTON_LABEL = os.environ.get("OIDC_BUTTON_LABEL", "").strip() or "single sign-on"
# Verified addresses of OIDC_DOMAIN become members of one organisation (its id) with a role.
OIDC_DOMAIN = os.environ.get("OIDC_DOMAIN", "").strip().lower()
OIDC_DOMAIN_ORGANISATION = os.environ.get("OIDC_DOMAIN_ORGANISATION", "").strip()
OIDC_DOMAIN_ROLE = os.environ.get("OIDC_DOMAIN_ROLE", "").strip() or "viewer"
# Webhooks go to public https:// addresses only; this also allows http:// to localhost and
# loopback addresses (for development and the tests' local receiver). docs/api.md, "Webhooks".
WEBHOOKS_ALLOW_HTTP_LOCALHOST = envbool("WEBHOOKS_ALLOW_HTTP_LOCALHOST", "1" if DEBUG else "0")

# How long the link in an invitation to become a member works; the owner can send a new one.
MEMBER_INVITATION_DAYS = int(os.environ.get("MEMBER_INVITATION_DAYS", "7"))

# Minutes to wait before each new try of an invitation mail the server did not accept; after
# the last one it is given up and the invitations page says so.
MAIL_RETRY_MINUTES = (1, 5, 30, 120, 720)

# Every handler redacts respondent tokens: a token in a log file is a key to someone's answers.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "partnerscan.core.logging.RedactTokens"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_tokens"],
        },
    },
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
