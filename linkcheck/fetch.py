"""Fetching one address the way a polite robot should.

HEAD first (no body to download); if the server refuses HEAD or answers with
an error, GET, since many servers answer HEAD wrongly. Redirects are followed
up to a limit, each request has a timeout, and the user agent names the site
and where to find it, so a site owner who sees us in their logs knows who
is asking. Only http and https addresses are fetched.

The addresses are editors' words, fetched from inside the council's network,
so every connection (redirects included) is checked after the name is looked
up and before connecting: an address on a private, loopback, link-local or
otherwise non-public network is refused unless ``LINKCHECK_ALLOWED_NETWORKS``
lists it. A direct connection is checked at connect time, which leaves no gap
for a name that answers differently the second time. Through a proxy (the
usual ``https_proxy`` environment variables) the server connects only to the
proxy, so the address asked for, and each redirect's, is looked up and checked
first; the proxy should refuse internal addresses too.
"""

import http.client
import ipaddress
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

# urllib raises these for network trouble; an HTTP error status is handled on its own.
NETWORK_ERRORS = (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, ssl.SSLError, OSError)


@dataclass(frozen=True)
class Result:
    url: str
    ok: bool
    status: int | None = None
    error: str = ""


class PrivateAddress(OSError):
    """The address leads to a network the link checker must not reach."""


def may_contact(ip):
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    allowed = (ipaddress.ip_network(n) for n in getattr(settings, "LINKCHECK_ALLOWED_NETWORKS", ()))
    return address.is_global or any(address in network for network in allowed)


def public_addresses(host, port):
    """The addresses ``host`` has; PrivateAddress unless every one of them may be contacted."""
    ips = [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
    if not ips or not all(may_contact(ip) for ip in ips):
        raise PrivateAddress(f"{host} is on a private network")
    return ips


def proxy_hosts():
    return {urlsplit(proxy).hostname for proxy in urllib.request.getproxies().values()}


def refuse_private_target(url):
    """Before asking through a proxy: the address asked for must be public (the proxy looks it up itself)."""
    parts = urlsplit(url)
    if proxy_hosts() and not urllib.request.proxy_bypass(parts.hostname or ""):
        try:
            public_addresses(parts.hostname, parts.port or {"http": 80, "https": 443}[parts.scheme.lower()])
        except OSError as error:
            raise urllib.error.URLError(error) from error


def guarded_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None, *args, **kwargs):
    """``socket.create_connection`` to a public address only: every address the name has must be public."""
    host, port = address
    if host in proxy_hosts():
        return socket.create_connection(address, timeout, source_address)
    ips = public_addresses(host, port)
    error = None
    for ip in ips:
        try:
            return socket.create_connection((ip, port), timeout, source_address)
        except OSError as problem:
            error = problem
    raise error


class GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = guarded_connection


class GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = guarded_connection


class GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(GuardedHTTPConnection, req)


class GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(GuardedHTTPSConnection, req, context=self._context)


def _opener(max_redirects):
    class LimitedRedirects(urllib.request.HTTPRedirectHandler):
        max_redirections = max_redirects
        max_repeats = min(max_redirects, urllib.request.HTTPRedirectHandler.max_repeats)

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            # urllib would follow a redirect to ftp:// too: only the web.
            if not newurl.lower().startswith(("http://", "https://")):
                return None
            refuse_private_target(newurl)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(GuardedHTTPHandler, GuardedHTTPSHandler, LimitedRedirects)


def _request(opener, url, method, user_agent, timeout):
    """(status, problem, final): ``final`` when another method would not help (a timeout, a refusal)."""
    # Only http(s) reaches here (check() and the redirect handler refuse the rest).
    headers = {"User-Agent": user_agent, "Accept": "*/*"}
    request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
    try:
        refuse_private_target(url)
        with opener.open(request, timeout=timeout) as response:
            return response.status, "", False
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:  # urllib gave up following them
            return error.code, _("Too many redirects"), True
        return error.code, "", False
    except NETWORK_ERRORS as error:
        return None, *describe(error)
    except ValueError as error:  # a malformed address
        return None, str(error)[:300], True


def describe(error):
    """(a short reason an editor can act on, whether trying GET after HEAD is pointless)."""
    reason = getattr(error, "reason", error)
    if isinstance(reason, PrivateAddress):
        return _("Not checked: the address is on a private or internal network"), True
    if isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in str(reason):
        return _("No answer in time (the site may be down or very slow)"), True
    if isinstance(reason, ConnectionRefusedError):
        return _("The site refused the connection"), True
    if isinstance(reason, socket.gaierror):
        return _("No such site (the address's domain does not exist)"), True
    if isinstance(reason, ssl.SSLError):
        return _("The site's security certificate is not valid"), True
    return str(reason)[:300], False


def check(url, *, user_agent, timeout=10, max_redirects=5):
    if not url.lower().startswith(("http://", "https://")):
        return Result(url, False, error=_("Not a web address"))
    opener = _opener(max_redirects)
    status, error, final = _request(opener, url, "HEAD", user_agent, timeout)
    if not final and (error or status >= 400):
        # Many servers answer HEAD wrongly (405, 404, 403): ask again with GET.
        status, error, final = _request(opener, url, "GET", user_agent, timeout)
    return Result(url, status is not None and status < 400 and not error, status, error)
