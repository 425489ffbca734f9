"""The visitor's address, for the admin lockout (django-axes) and the report form's rate limit."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the outermost one saw.

    That address is read from the right-hand end of X-Forwarded-For, which
    our own proxies append to: entries further left come from the client and
    could be forged to dodge the lockout. Anything that is not an IP address
    falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            try:
                return str(ipaddress.ip_address(forwarded[-count]))
            except ValueError:
                pass
    return remote
