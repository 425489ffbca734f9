"""Small HTTP servers on 127.0.0.1 for the link checker's tests: one that works, one that answers 404,
one that never answers, a port that refuses, and one that redirects for ever. Nothing else is contacted:
``only_loopback`` makes any other connection fail and remembers it."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Handler(BaseHTTPRequestHandler):
    seen = []  # (method, path, user agent) of every request, for the tests

    def _answer(self, with_body):
        Handler.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if self.path.startswith("/ok-no-head") and self.command == "HEAD":
            self.send_response(405)
        elif self.path.startswith("/ok"):
            self.send_response(200)
        elif self.path.startswith("/to-intranet"):
            self.send_response(302)
            self.send_header("Location", "http://intranet.example.test/secret")
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", self.path + "x")
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"hi")

    def do_HEAD(self):
        self._answer(with_body=False)

    def do_GET(self):
        self._answer(with_body=True)

    def log_message(self, *args):
        pass


class LinkServers:
    def __init__(self):
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        # Accepts connections (the kernel completes them) but never reads or answers.
        self.silent = socket.socket()
        self.silent.bind(("127.0.0.1", 0))
        self.silent.listen(16)
        # A port that was just free: nothing listens, so connecting is refused.
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        self.refused_port = closed.getsockname()[1]
        closed.close()
        Handler.seen.clear()

    def url(self, path):
        return f"http://127.0.0.1:{self.http.server_address[1]}{path}"

    @property
    def hanging(self):
        return f"http://127.0.0.1:{self.silent.getsockname()[1]}/slow"

    @property
    def refusing(self):
        return f"http://127.0.0.1:{self.refused_port}/gone"

    def close(self):
        self.http.shutdown()
        self.http.server_close()
        self.silent.close()


@pytest.fixture
def link_servers():
    servers = LinkServers()
    yield servers
    servers.close()


@pytest.fixture
def only_loopback(monkeypatch):
    """Connections anywhere but 127.0.0.1 fail at once; the list says which were tried."""
    tried = []
    real_create_connection = socket.create_connection

    def create_connection(address, *args, **kwargs):
        if address[0] != "127.0.0.1":
            tried.append(address)
            raise OSError(f"Tests contact only 127.0.0.1, not {address[0]}")
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return tried
