"""Fetching one address the way a polite robot should.

HEAD first (no body to download); if the server refuses HEAD or answers with
an error, GET, since many servers answer HEAD wrongly. Redirects are followed
up to a limit, each request has a timeout, and the user agent names the site
and where to find it, so a site owner who sees us in their logs knows who
is asking. Only http and https addresses are fetched.
"""

import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.utils.translation import gettext as _

# urllib raises these for network trouble; an HTTP error status is handled on its own.
NETWORK_ERRORS = (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, ssl.SSLError, OSError)


@dataclass(frozen=True)
class Result:
    url: str
    ok: bool
    status: int | None = None
    error: str = ""


def _opener(max_redirects):
    class LimitedRedirects(urllib.request.HTTPRedirectHandler):
        max_redirections = max_redirects
        max_repeats = min(max_redirects, urllib.request.HTTPRedirectHandler.max_repeats)

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            # urllib would follow a redirect to ftp:// too: only the web.
            if not newurl.lower().startswith(("http://", "https://")):
                return None
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(LimitedRedirects)


def _request(opener, url, method, user_agent, timeout):
    """(status, problem, final): ``final`` when another method would not help (a timeout, a refusal)."""
    # Only http(s) reaches here (check() and the redirect handler refuse the rest).
    headers = {"User-Agent": user_agent, "Accept": "*/*"}
    request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
    try:
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
