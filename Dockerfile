# One image for web, worker, beat and the nightly backup (docker-compose.yml). Production settings; behind a TLS proxy.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=machmit.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core \
        postgresql-client gnupg \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv \
    && useradd --system --create-home --home-dir /app machmit \
    && install -d -o machmit -g machmit /backups

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY --chown=machmit . .

# Collect and compile with throwaway values: production settings refuse to start without real ones.
RUN DJANGO_SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    DJANGO_ALLOWED_HOSTS=build.invalid MAIL_URL=smtp://build.invalid STATIC_ROOT=/app/staticfiles \
    sh -c "python manage.py compilemessages --ignore=.venv -v0 && python manage.py collectstatic --noinput -v0"

USER machmit
ENV STATIC_ROOT=/app/staticfiles
EXPOSE 8000
CMD ["gunicorn", "machmit.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
