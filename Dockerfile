# The portal's production image: gunicorn for the web, the same image for the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
RUN useradd --create-home --uid 1000 portal

COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install -e .

COPY . .
# Static files are collected at build time; WhiteNoise serves them with hashed names.
RUN python manage.py collectstatic --no-input \
    && mkdir -p /app/private-media \
    && chown -R portal:portal /app/private-media

USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
