#!/usr/bin/env bash
# `make edge`: `make serve`'s site (production settings under gunicorn) behind
# Varnish on this machine, as a CDN would sit in front of it (docs/edge-cache.md).
#   visitors -> varnishd 127.0.0.1:EDGE_PORT (6081) -> gunicorn 127.0.0.1:PORT (8000)
# Publishing purges Varnish (FRONTEND_CACHE_LOCATION). Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
EDGE_PORT="${EDGE_PORT:-6081}"
export PORT="${PORT:-8000}"

if ! command -v varnishd >/dev/null 2>&1; then
    echo "varnishd is not installed: apt-get install varnish (Varnish 7)." >&2
    exit 1
fi

# A private working directory: this varnishd shares nothing with a system one.
workdir="$(mktemp -d "${TMPDIR:-/tmp}/leedsnetworks-varnish.XXXXXX")"
server_pid=""
varnish_pid=""
stop() {
    trap - EXIT INT TERM
    # shellcheck disable=SC2086 # either may be unset
    kill $varnish_pid $server_pid 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$workdir"
}
trap stop EXIT INT TERM

# The backend is gunicorn on PORT: varnish/backend.vcl with that port, found
# first on vcl_path.
sed "s/\.port = \"8000\";/.port = \"${PORT}\";/" varnish/backend.vcl >"$workdir/backend.vcl"

# Wagtail purges this Varnish on publish; Varnish is the one proxy that
# appends the visitor's address to X-Forwarded-For (lockout, report limits).
export FRONTEND_CACHE_LOCATION="${FRONTEND_CACHE_LOCATION:-http://127.0.0.1:${EDGE_PORT}}"
export TRUSTED_PROXY_COUNT="${TRUSTED_PROXY_COUNT:-1}"

scripts/serve.sh &
server_pid=$!

# -j none: run as whoever runs make (root included) without Varnish's jail.
varnishd -F -j none -n "$workdir" \
    -a "127.0.0.1:${EDGE_PORT}" \
    -f "$PWD/varnish/default.vcl" -p "vcl_path=$workdir:$PWD/varnish" \
    -s malloc,64m &
varnish_pid=$!
echo "Varnish on http://localhost:${EDGE_PORT}/ in front of gunicorn on :${PORT}; Ctrl+C stops both."
# Whichever stops first stops the other.
wait -n "$server_pid" "$varnish_pid"
