# The portal as one image: gunicorn serving Django, static files through whitenoise.
# Run with PORTAL_PROFILE=production, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL set;
# on one host, mount a volume at /data/media for the uploaded packs and share /data/cache
# (the page cache) with the task worker's container; on several, set CACHE_URL and
# STORAGE_BUCKET instead (README, "Running on several hosts"; compose.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MEDIA_ROOT=/data/media \
    CACHE_LOCATION=/data/cache \
    STATIC_ROOT=/app/staticfiles

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
RUN PORTAL_PROFILE=production SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 --home-dir /app portal \
    && mkdir -p /data/media /data/cache && chown portal /data/media /data/cache

USER portal
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
