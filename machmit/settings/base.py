"""Settings shared by every environment, read from environment variables.

The defaults are those of the embedded run (``make run``): SQLite, a Celery broker on the file
system, mail to the console. ``local``, ``test`` and ``production`` only adjust or tighten them.
"""

from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "machmit.admin_site.MachmitAdminConfig",  # django.contrib.admin, its first page the coordinators' desk
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "allauth",
    "allauth.account",
    "allauth.mfa",  # the second factor that staff must use before the admin opens (machmit.middleware)
    "crispy_forms",
    "crispy_bootstrap5",
    "volunteers",
    "events",
    "matching",
    "outbox",
    "machmit",  # the top of the house: load_demo_data, which composes every app's demo data; the outbox's admin
]

MIDDLEWARE = [
    "machmit.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "machmit.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "machmit.middleware.StaffIdleTimeoutMiddleware",
    "machmit.middleware.StaffSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "machmit.middleware.ErrorPageMiddleware",
]

ROOT_URLCONF = "machmit.urls"
WSGI_APPLICATION = "machmit.wsgi.application"

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
            ],
        },
    },
]

# Database: SQLite for the embedded run, PostgreSQL wherever DATABASE_URL says so.
# PostgreSQL binds parameters on the server, so that psycopg prepares a statement a connection has run five
# times, and the hot pages' queries are planned once per connection rather than per request. Prepared
# statements do not survive a pooler in transaction mode; compose has none.
POSTGRES_OPTIONS = {"server_side_binding": True, "prepare_threshold": 5}
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), **POSTGRES_OPTIONS}
    # A new connection per request halves a list page's throughput (../shared/STACK.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared by all workers; rate-limit counters live here (allauth's and ours, and the codes of the second
# factor already taken). Redis when CACHE_URL names it, else a file cache that the processes of the embedded run
# share (in CACHE_DIR, so that a test's embedded run keeps its own).
_cache_url = env("CACHE_URL", default="")
if _cache_url:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.path("CACHE_DIR", default=VAR_DIR / "cache"),
        }
    }
# Rendered pieces of pages, in each process's memory: their keys name everything they show that can change
# (templates/events/_event_summary.html), so no process serves a stale one; the timeout bounds the rest.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

AUTH_USER_MODEL = "volunteers.User"
# allauth's backend, which also loads the volunteer profile with the user (volunteers/auth_backends.py).
AUTHENTICATION_BACKENDS = ["volunteers.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# django-allauth: e-mail and password, mandatory verification, its rate limits left on.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[MachMit] "
ACCOUNT_PRESERVE_USERNAME_CASING = False
# After a login: a volunteer whose consent text has a newer version is asked to agree again first.
ACCOUNT_ADAPTER = "volunteers.adapters.AccountAdapter"
# Proxies in front of us (the TLS proxy in production): the client is the address they forwarded.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# The second factor (allauth.mfa): an authenticator app with recovery codes, or security keys (WebAuthn). Staff
# cannot open the admin without one (machmit.middleware.StaffSecondFactorMiddleware); volunteers may set one up.
# WebAuthn needs a secure origin with a domain name (https, or http://localhost), so the pages offer security keys
# only to a browser that has WebAuthn (static/js/webauthn_support.js) and the login only to those who added one.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "MachMit"
# A code is taken in the 30 seconds before and after its own too: one typed at the end of its step, or on a phone
# whose clock is a little off, still works (RFC 6238 recommends one step; allauth's default is none).
MFA_TOTP_TOLERANCE = 1

# Internationalisation: German first, English second, and five more for newcomers and volunteers.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "فارسی / دری"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("tr", "Türkçe"),
]
# The coordinators' admin speaks only these; a coordinator who chose another language sees it in English.
ADMIN_LANGUAGES = ("de", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static files: compressed and fingerprinted by collectstatic, served by whitenoise.
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Widgets render with the project's templates (templates/volunteers/widgets/ for our own widgets).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: a strict Content-Security-Policy, no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # Bootstrap draws checkboxes, select arrows and the menu icon as data: SVG images.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Read from the shared cache, written through to the database: a logged-in page needs no session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Coordinators and superusers are signed out after this long without a request (machmit.middleware).
STAFF_IDLE_MINUTES = env.int("STAFF_IDLE_MINUTES", default=30)
CSRF_FAILURE_VIEW = "machmit.views.csrf_failure"

# The portal's public address, for links in mails and calendar feeds.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Mail: printed to the console unless MAIL_URL names an SMTP server (smtp://user:pass@host:port).
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="MachMit <noreply@machmit-stade.de>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_mail_url = env.url("MAIL_URL", default="console://")
if _mail_url.scheme in ("smtp", "smtps", "smtp+tls"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _mail_url.hostname,
                "port": _mail_url.port or 25,
                "username": _mail_url.username or "",
                "password": _mail_url.password or "",
                "use_ssl": _mail_url.scheme == "smtps",
                "use_tls": _mail_url.scheme == "smtp+tls",
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Celery: a broker on the file system for the embedded run, Redis in production and tests.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
_broker_dir = Path(env("CELERY_FILESYSTEM_BROKER_DIR", default=str(VAR_DIR / "broker")))
_filesystem_broker_options = {
    "data_folder_in": str(_broker_dir / "queue"),
    "data_folder_out": str(_broker_dir / "queue"),
    "processed_folder": str(_broker_dir / "processed"),
    # kombu's default is ./control, inside the checkout: everything the running portal writes lives in var/.
    "control_folder": str(_broker_dir / "control"),
    "store_processed": False,
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {"task": "machmit.clear_expired_sessions", "schedule": 24 * 60 * 60},
    "queue-event-reminders": {"task": "events.queue_reminders", "schedule": 60},
    "sweep-outbox": {"task": "outbox.sweep", "schedule": 60},
    "anonymise-requests": {"task": "matching.anonymise_requests", "schedule": 60 * 60},
    "queue-match-checkins": {"task": "matching.queue_checkins", "schedule": 60 * 60},
    "delete-stale-interests": {"task": "volunteers.delete_stale_interests", "schedule": 24 * 60 * 60},
    "invite-interested": {"task": "events.invite_interested", "schedule": 5 * 60},
    "queue-onboarding-nudges": {"task": "events.queue_onboarding_nudges", "schedule": 60 * 60},
    "queue-follow-up-reminders": {"task": "volunteers.queue_follow_up_reminders", "schedule": 60 * 60},
    "erase-ended-volunteers": {"task": "machmit.erase_ended_volunteers", "schedule": 24 * 60 * 60},
    "delete-old-audit-logs": {"task": "volunteers.delete_old_audit_logs", "schedule": 24 * 60 * 60},
    "delete-old-mails": {"task": "outbox.delete_old", "schedule": 24 * 60 * 60},
}
# Publishing a task must not hang a request when the broker is down: the outbox sweeper catches up.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = (
    _filesystem_broker_options
    if CELERY_BROKER_URL == "filesystem://"
    else {"socket_connect_timeout": 3, "socket_timeout": 5}
)

# The outbox (outbox/services.py).
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=100)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)  # 1, 2, 4, ... minutes
OUTBOX_STUCK_AFTER_SECONDS = env.int("OUTBOX_STUCK_AFTER_SECONDS", default=600)

# Reminders before an event, in hours (default: two days and three hours before).
EVENT_REMINDER_LEAD_HOURS = env.list("EVENT_REMINDER_LEAD_HOURS", cast=int, default=[48, 3])
# A reminder that became due in the past (the event moved) goes out only while the event is this far away.
EVENT_REMINDER_LATEST_MINUTES = 60

# Matching newcomers with helpers (matching/).
MATCHING_ANONYMISE_AFTER_DAYS = env.int("MATCHING_ANONYMISE_AFTER_DAYS", default=183)  # about six months
# The batch proposal is computed once for a set of open requests and kept this long (matching.selectors).
MATCHING_BATCH_KEEP_SECONDS = 600
MATCHING_CHECKIN_AFTER_DAYS = 28
# The coordinators' desk: a proposal a volunteer has not answered for this long; a police certificate due this soon.
MATCHING_PROPOSAL_ANSWER_DAYS = env.int("MATCHING_PROPOSAL_ANSWER_DAYS", default=3)
MATCHING_SUBMISSIONS_PER_HOUR = 10  # from one address, at /hilfe/
MATCHING_WITHDRAWAL_ATTEMPTS_PER_HOUR = 5  # from one address, at /hilfe/zurueckziehen/: numbers cannot be guessed

# The texts people agree to (on the profile, the Mitmachen and the /hilfe/ form) and the privacy page live in the
# database, in versions the centre's lead publishes in the admin (volunteers.LegalText).
# The Mitmachen page's interest form: how long an entry is kept, submissions per hour from one address.
VOLUNTEER_INTEREST_DELETE_AFTER_DAYS = env.int("VOLUNTEER_INTEREST_DELETE_AFTER_DAYS", default=183)
VOLUNTEER_INTEREST_SUBMISSIONS_PER_HOUR = 10
ACCOUNT_DELETE_ATTEMPTS_PER_HOUR = 5  # wrong passwords when deleting one's account
# Retention (docs/privacy.md): an ended volunteer's account and personal data are erased this long after the end;
# who opened a profile and failed logins are kept this long; sent mails this long.
VOLUNTEER_ERASE_AFTER_ENDED_DAYS = env.int("VOLUNTEER_ERASE_AFTER_ENDED_DAYS", default=365)
AUDIT_LOG_KEEP_DAYS = env.int("AUDIT_LOG_KEEP_DAYS", default=365)
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=90)
# Whom the privacy page names for questions about one's data, beside the sites.
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", default="datenschutz@machmit-stade.de")
# The way in (volunteers.Onboarding): a reminder to someone who has waited this long at one step, the
# coordinators' follow-up talk this long after the first assignment.
ONBOARDING_NUDGE_AFTER_DAYS = env.int("ONBOARDING_NUDGE_AFTER_DAYS", default=21)
ONBOARDING_FOLLOW_UP_AFTER_DAYS = env.int("ONBOARDING_FOLLOW_UP_AFTER_DAYS", default=28)
POLICE_CERTIFICATE_DUE_WITHIN_DAYS = 60  # the desk lists inspections due this soon
# The information evenings an invitation lists.
ONBOARDING_INVITATION_EVENINGS = 4
# Hours (volunteers.HourEntry): how far back a volunteer may log time.
HOURS_LOG_DAYS_BACK = 92
# The Ehrenamtskarte Niedersachsen/Bremen: the Land's rule as of 2026 is 250 hours a year (about five a week) for
# at least two years.
EHRENAMTSKARTE_HOURS_PER_YEAR = env.int("EHRENAMTSKARTE_HOURS_PER_YEAR", default=250)
EHRENAMTSKARTE_MIN_YEARS = env.int("EHRENAMTSKARTE_MIN_YEARS", default=2)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports each step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
