"""How long the password reset page takes to answer for a known and an unknown email.

Runs the site (test settings, a throwaway SQLite database) in a real WSGI
server on 127.0.0.1 with a mail backend that takes MAIL_DELAY seconds per
message, as a remote relay can, and times what a client sees: the POST's
answer, read to its end. The email is sent after the answer
(adminsecurity/password_reset.py), so both should take about the same. Both
addresses are asked for every round, so both pass the 3-an-hour email limit
alike (a refused request costs one more write, whether or not the email exists).

    .venv/bin/python bench/reset_timing.py        # RESET_BENCH_ROUNDS=10 RESET_BENCH_MAIL_DELAY=0.3 to change
"""

import os
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
ROUNDS = int(os.environ.get("RESET_BENCH_ROUNDS", "10"))
MAIL_DELAY = float(os.environ.get("RESET_BENCH_MAIL_DELAY", "0.3"))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_site(database):
    os.environ["DJANGO_SETTINGS_MODULE"] = "leedsnetworks.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0)
    slow_mail()
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("someone", "someone@example.com", "a-long-bench-password-1")

    class Handler(WSGIRequestHandler):
        # As gunicorn does: without it, the answer's last small write waits for the
        # client's delayed ACK (~40 ms) unless the worker closes the socket at once.
        def setup(self):
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().setup()

    server = ThreadedWSGIServer(("127.0.0.1", 0), Handler)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def slow_mail():
    from django.core.mail.backends.locmem import EmailBackend

    send = EmailBackend.send_messages

    def slow_send(backend, messages):
        time.sleep(MAIL_DELAY)
        return send(backend, messages)

    EmailBackend.send_messages = slow_send


def ask(base, email, round_):
    """GET the form (for its CSRF token), then time the POST; a fresh address each round keeps under the limit."""
    headers = {"X-Forwarded-For": f"198.51.100.{round_}"}
    form = urllib.request.Request(f"{base}/admin/password_reset/", headers=headers)  # noqa: S310 - 127.0.0.1 only
    with urllib.request.urlopen(form, timeout=30) as page:  # noqa: S310
        cookie = page.headers["Set-Cookie"].split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    body = urllib.parse.urlencode({"email": email, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        f"{base}/admin/password_reset/", data=body, headers={**headers, "Cookie": cookie, "Referer": base}
    )
    start = time.perf_counter()
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as redirect:  # the 302 (redirects are not followed)
        redirect.read()
        status = redirect.code
    return status, time.perf_counter() - start


def main():
    with tempfile.TemporaryDirectory() as folder:
        server = start_site(Path(folder) / "bench.sqlite3")
        from django.conf import settings

        settings.TRUSTED_PROXY_COUNT = 1
        base = f"http://127.0.0.1:{server.server_port}"
        timings = {"known": [], "unknown": []}
        for round_ in range(ROUNDS):
            pairs = [("known", "someone@example.com"), ("unknown", "nobody@example.com")]
            # Alternate which goes first, so neither always follows the pause.
            for kind, email in pairs if round_ % 2 else pairs[::-1]:
                status, seconds = ask(base, email, round_ * 2 + (kind == "unknown"))
                if status != 302:
                    sys.exit(f"Expected the redirect to 'Check your email', got {status}")
                timings[kind].append(seconds)
            time.sleep(MAIL_DELAY * 2)  # let the send finish before the next round
        server.shutdown()
    medians = {kind: statistics.median(values) * 1000 for kind, values in timings.items()}
    print(f"mail server: {MAIL_DELAY * 1000:.0f} ms per message; {ROUNDS} rounds; median answer time:")
    for kind, value in medians.items():
        print(f"  {kind:8} {value:7.1f} ms")
    print(f"  ratio known/unknown: {medians['known'] / medians['unknown']:.2f}")


if __name__ == "__main__":
    main()
