"""The embedded run (``make run``): SQLite, a file-system broker, mail on the console, DEBUG off."""

from machmit.settings.base import *  # noqa: F403
from machmit.settings.base import env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
DEMO_DATA_ALLOWED = True
# HourEntry's covering index carries its extra columns on PostgreSQL only; SQLite builds it without them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
