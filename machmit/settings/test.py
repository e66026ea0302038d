"""Settings for ``make test``: real PostgreSQL and Redis, started by scripts/test.sh."""

from machmit.settings.base import *  # noqa: F403
from machmit.settings.base import CACHES, POSTGRES_OPTIONS, env

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES = {"default": {**env.db("DATABASE_URL"), "OPTIONS": POSTGRES_OPTIONS}}
CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("CACHE_URL")}
CELERY_BROKER_URL = env("CELERY_BROKER_URL")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests sign up many users from one address: allauth's limits stay on, just higher.
ACCOUNT_RATE_LIMITS = {
    "login": "1000/m/ip",
    "login_failed": "1000/m/ip,100/5m/key",
    "signup": "1000/m/ip",
    "confirm_email": "100/m/key",
    "reset_password": "1000/m/ip,100/m/key",
    "reset_password_from_key": "1000/m/ip",
}
DEMO_DATA_ALLOWED = True
