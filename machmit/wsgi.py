import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "machmit.settings.production")

application = get_wsgi_application()

# What is loaded by now (Django, the apps, numpy and OR-tools) lives as long as the process. Python's full
# garbage collections scanned all of it every few requests and took about 150 ms of the request they fell in
# (make bench: most pages' p95 far above their p50); frozen, those runs leave it out (Python's gc.freeze docs).
gc.freeze()
