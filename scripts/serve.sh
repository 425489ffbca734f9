#!/usr/bin/env bash
# `make serve`: the site with production settings under gunicorn, on this machine.
# Reads .env when present (copy .env.example); production settings refuse to
# start without SECRET_KEY and a PostgreSQL DATABASE_URL, and say so.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then
    set -a
    # shellcheck disable=SC1091
    . ./.env
    set +a
fi
export DJANGO_SETTINGS_MODULE=leedsnetworks.settings.production
# A laptop has no TLS proxy in front: no redirect to https, and Django serves
# /media/ itself. A real server sets neither.
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
export SERVE_MEDIA="${SERVE_MEDIA:-true}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1}"
export PORT="${PORT:-8000}"

.venv/bin/python manage.py collectstatic --noinput -v0
# Migrations may run longer than a page request is allowed to: no query limits for them.
DB_STATEMENT_TIMEOUT=0 DB_QUERY_DEADLINE=0 .venv/bin/python manage.py migrate --noinput
echo "Serving production settings on http://localhost:${PORT}/ (${WEB_CONCURRENCY:-default} workers); Ctrl+C stops."
exec .venv/bin/gunicorn --config gunicorn.conf.py
