# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 portal

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
RUN pip install -c constraints.txt .
COPY . .
# Static files and compiled translations are baked into the image; collectstatic needs a
# secret and hosts only to import settings, never to serve.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py compile_translations \
    && SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && chown -R portal:portal /app
USER portal
EXPOSE 8000
CMD ["python", "-m", "config.server"]
