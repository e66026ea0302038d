"""Settings of `make bench`: the embedded run's settings on the throwaway PostgreSQL and Redis of
scripts/bench.sh, DEBUG off, persistent database connections, plus the bare reference page and the count of a
request's queries (``bench.middleware``)."""

from machmit.settings.base import BASE_DIR, CACHES, MIDDLEWARE, POSTGRES_OPTIONS, TEMPLATES, env
from machmit.settings.local import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# Required: scripts/bench.sh points these at its own servers, never at anybody's data.
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"].update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True, ATOMIC_REQUESTS=False, OPTIONS=POSTGRES_OPTIONS)
CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("CACHE_URL")}
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_BROKER_TRANSPORT_OPTIONS = {}

ROOT_URLCONF = "bench.urls"
# The bare page's template, without making bench an app.
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]
# Answers a request's query count when asked (the report's probe); wrk's requests do not ask.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
