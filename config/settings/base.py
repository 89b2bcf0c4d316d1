"""Settings shared by every environment.

Every value that differs between machines comes from an environment variable, read here
through django-environ (https://django-environ.readthedocs.io/). No variable set means the
embedded default of DESIGN.md §2: SQLite, locmem cache, eager Celery tasks, console mail.
"""

from __future__ import annotations

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional; real deployments set the environment directly.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # django-csp: its system checks and the nonce for the few pages that need one.
    "csp",
    "django_celery_beat",
    "django_countries",
    "apps.core",
    "apps.accounts",
    "apps.events",
    "apps.feedback",
    "apps.insights",
    "apps.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication, messages and allauth's: staff areas need two-factor (TOTP).
    "apps.accounts.middleware_mfa.StaffTwoFactorMiddleware",
    "apps.core.middleware.DomainErrorMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.portal",
            ],
        },
    },
]

# --- Security headers -------------------------------------------------------------------
# Content-Security-Policy by django-csp 4.0 (https://django-csp.readthedocs.io/en/latest/
# configuration.html). Every script and style sheet is a file of ours: no inline script, no
# inline event handler, no style attribute in a page template (tests/core/
# test_security_headers.py scans them), so neither 'unsafe-inline' nor 'unsafe-eval' is
# needed. NONCE is only written into the header when a page asks for request.csp_nonce: the
# API documentation pages, whose third-party scripts and styles are rendered inline.
# img-src data: for the icons that KRDS and Swagger UI embed in their style sheets.
# ReDoc (/api/redoc/, drf-spectacular-sidecar's bundle) also needs, and nothing else uses:
# - the hashes of the two <style> elements its bundle writes as it loads, before it can be
#   handed the nonce (a fixed style sheet, and an empty one); a new sidecar version may change
#   them, and the browser test of tests/core/test_security_headers.py then says which;
# - worker-src blob: for its search, which runs in a Worker made from a Blob. Only a script
#   that the policy already let run can make one.
REDOC_STYLE_HASHES = [
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, *REDOC_STYLE_HASHES],
        "worker-src": [SELF, "blob:"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The same as Django's defaults, said here because tests assert them in every environment.
# https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.security
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# https://docs.djangoproject.com/en/5.2/ref/clickjacking/
X_FRAME_OPTIONS = "DENY"

# --- Database ---------------------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The registration path's statements run prepared (apps/core/db.py). Off behind a
# transaction-mode pooler that cannot keep prepared statements (PgBouncer < 1.21).
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker -----------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")

# https://docs.djangoproject.com/en/5.2/topics/cache/#redis (Django's backend, with one client
# per pool and an atomic counter for the API throttles: apps/core/cache.py)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -----------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
# No broker configured: run tasks in-process (the embedded default of `make run`).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = "Asia/Seoul"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_RESULT_EXPIRES = 3600
# Tasks report through the database, not results; a task that needs a result says so.
# (A result subscription is also what would make publishing wait on an unreachable Redis.)
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fixup closes every database connection before and after each task unless
# this is set; then it closes them only every 1,000 tasks, and config/celery.py applies
# CONN_MAX_AGE and CONN_HEALTH_CHECKS around each task instead (close_old_connections), and
# closes outright after a task that failed. A new connection per task cost PostgreSQL more
# CPU than the task itself (docs/performance.md).
# celery/fixups/django.py, DjangoWorkerFixup.close_database; why Celery no longer trusts
# CONN_MAX_AGE itself: https://github.com/celery/celery/pull/9824
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
# A request that queues a task must not hang when Redis is away: short socket timeouts and a
# bounded publish retry (below); the outbox row stays pending and the beat task re-queues it.
# https://docs.celeryq.dev/en/stable/userguide/calling.html#message-sending-retry
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 2,
                                   "max_retries": 1}
NOTIFICATION_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0,
                                     "interval_step": 0.2, "interval_max": 0.2}

# --- Mail -------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp://user:pass@mail.example.org:587/?tls=True
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Gangnam Global <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# A worker process keeps its SMTP session open between messages (notifications/channels.py):
# a new one after this many messages or seconds (relays limit both), and a NOOP first when it
# was idle this long (servers close idle sessions).
EMAIL_SESSION_MAX_MESSAGES = env.int("EMAIL_SESSION_MAX_MESSAGES", default=100)
EMAIL_SESSION_MAX_AGE = env.int("EMAIL_SESSION_MAX_AGE", default=120)
EMAIL_SESSION_NOOP_AFTER = env.int("EMAIL_SESSION_NOOP_AFTER", default=5)

# --- Authentication ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# django-allauth: https://docs.allauth.org/en/latest/account/configuration.html
# Foreign residents need no password: they sign up with an email address, verify it with
# an emailed code and log in with an emailed code. Passwords stay possible (organizers).
ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "apps.accounts.forms.SignupForm"
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = env("ACCOUNT_EMAIL_SUBJECT_PREFIX", default="[Gangnam Global] ")
# allauth's rate limits (login, failed logins, signup, login-code requests, email confirmation)
# are on by default; we keep its defaults and never set ACCOUNT_RATE_LIMITS = False.
# https://docs.allauth.org/en/latest/account/rate_limits.html

# --- Two-factor authentication (staff) ----------------------------------------------------
# django-allauth MFA: https://docs.allauth.org/en/latest/mfa/configuration.html
# Staff (organizers, superusers) must have an authenticator app (TOTP) and must have used it in
# the current session before they reach the admin, the dashboard, the door check-in or the API
# with their session (apps/accounts/middleware_mfa.py, docs/operations.md). Anyone else may
# switch it on at /<lang>/accounts/2fa/. Recovery codes are the way back in without the phone.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# The name authenticator apps list the account under.
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Gangnam Global")
# allauth's defaults, said here because the enforcement and its tests rely on them: 6 digits,
# 30-second steps, no step of tolerance (a used code is refused for one step, so a wider
# window would reopen it to replay), and no "trust this browser" (every login asks).
MFA_TOTP_DIGITS = 6
MFA_TOTP_PERIOD = 30
MFA_TOTP_TOLERANCE = 0
MFA_TRUST_ENABLED = False

# --- Internationalisation -----------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/i18n/translation/
LANGUAGE_CODE = "ko"
LANGUAGES = [
    ("ko", _("Korean")),
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ja", _("Japanese")),
    ("vi", _("Vietnamese")),
]
# Our catalogs first; vendor_locale/ fills languages that third-party packages do not ship
# (allauth has no Vietnamese). See docs/decisions.md.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "vendor_locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True
TIME_ZONE = "Asia/Seoul"
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

# django-modeltranslation: https://django-modeltranslation.readthedocs.io/en/latest/registration.html
MODELTRANSLATION_DEFAULT_LANGUAGE = "ko"
MODELTRANSLATION_LANGUAGES = ("ko", "en", "zh-hans", "ja", "vi")
# Missing content falls back to Korean, then English (DESIGN.md §6).
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ko", "en")
# The tabbed admin loads jQuery UI from a CDN unless told otherwise; ours is vendored.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static files -----------------------------------------------------------------------
# https://whitenoise.readthedocs.io/en/stable/django.html
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))

# --- API --------------------------------------------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes anonymous calls answer 401, not 403.
        "apps.accounts.authentication.OneQueryTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "apps.core.throttling.AnonRateThrottle",
        "apps.core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/min"),
        "user": env("API_THROTTLE_USER", default="240/min"),
    },
    "EXCEPTION_HANDLER": "apps.core.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS = {
    "TITLE": "Gangnam Global Participation Portal API",
    "DESCRIPTION": "Events, registrations, feedback and open data of the Gangnam-gu city "
    "diplomacy portal. Responses are localized by the Accept-Language header.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc come from drf-spectacular-sidecar: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set shared by several fields.
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": LANGUAGES,
        "EventStatusEnum": "apps.events.models.Event.Status",
        "RegistrationStatusEnum": "apps.events.models.Registration.Status",
        "EventAxisEnum": "apps.events.models.Axis",
        "FeedbackAxisEnum": "apps.feedback.models.FeedbackAxis",
        "FeedbackStatusEnum": "apps.feedback.models.Feedback.Status",
    },
}

# --- Portal -----------------------------------------------------------------------------
PORTAL_NAME = _("Gangnam Global Participation Portal")
# Absolute links in messages (tickets, preferences) start with this.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# --- Privacy (docs/privacy.md) ----------------------------------------------------------
# Registrations are anonymised this many days after their event ended, and the email left
# with feedback is erased this many days after it was sent (accounts.retention_apply,
# nightly). The consent notices and the privacy policy state 365 days: change them with it
# (`manage.py check` warns when they differ).
PRIVACY_RETENTION_DAYS = env.int("PRIVACY_RETENTION_DAYS", default=365)

# --- Feedback ---------------------------------------------------------------------------
# Submission limits (django-ratelimit rate strings: count/period, e.g. "60/h", "5/10m").
# https://django-ratelimit.readthedocs.io/en/stable/rates.html
FEEDBACK_RATE_PER_IP = env("FEEDBACK_RATE_PER_IP", default="60/h")
FEEDBACK_RATE_PER_USER = env("FEEDBACK_RATE_PER_USER", default="10/h")
# The client address for the per-IP limit; behind a proxy e.g. "HTTP_X_REAL_IP".
# https://django-ratelimit.readthedocs.io/en/stable/settings.html#ratelimit-ip-meta-key
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY", default=None)
# The reply target: unanswered feedback older than this is flagged in the organizer digest
# and counts against responsiveness in the trust index.
FEEDBACK_REPLY_TARGET_DAYS = env.int("FEEDBACK_REPLY_TARGET_DAYS", default=7)
# Optional machine translation for organizers: a LibreTranslate-compatible server
# (https://docs.libretranslate.com/guides/api_usage/). Off when unset; never required.
TRANSLATION_URL = env("TRANSLATION_URL", default="")
TRANSLATION_BACKEND = env("TRANSLATION_BACKEND",
                          default="apps.feedback.machine_translation.LibreTranslateBackend")
TRANSLATION_API_KEY = env("TRANSLATION_API_KEY", default="")
TRANSLATION_TIMEOUT = env.float("TRANSLATION_TIMEOUT", default=5.0)

# --- Insights ---------------------------------------------------------------------------
# The trust index (docs/trust-index.md): component weights, the minimum sample below which it
# is not shown, and the district's target.
TRUST_INDEX_WEIGHTS = {
    "satisfaction": env.float("TRUST_WEIGHT_SATISFACTION", default=0.35),
    "responsiveness": env.float("TRUST_WEIGHT_RESPONSIVENESS", default=0.25),
    "reliability": env.float("TRUST_WEIGHT_RELIABILITY", default=0.25),
    "retention": env.float("TRUST_WEIGHT_RETENTION", default=0.15),
}
TRUST_INDEX_MIN_PARTICIPANTS = env.int("TRUST_INDEX_MIN_PARTICIPANTS", default=30)
TRUST_INDEX_MIN_FEEDBACK = env.int("TRUST_INDEX_MIN_FEEDBACK", default=10)
TRUST_INDEX_TARGET = env.float("TRUST_INDEX_TARGET", default=0.90)

DEMO_ORGANIZER_EMAIL = env("DEMO_ORGANIZER_EMAIL", default="organizer@gangnam.example")
DEMO_ORGANIZER_PASSWORD = env("DEMO_ORGANIZER_PASSWORD", default="gangnam-demo-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
