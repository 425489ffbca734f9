# Varnish 7 in front of the Leeds international networks site (docs/edge-cache.md).
#
# Shares one copy of each public page between visitors for as long as Django's
# Cache-Control s-maxage says, and drops it the moment an editor publishes:
# Wagtail (edgecache/purge.py) sends PURGE for every URL the change touches.
# Never stores the admin, previews, signed-in visits or anything that sets a
# cookie or says private/no-store.
vcl 4.1;

import std;

include "backend.vcl";

# Who may purge: Wagtail on this machine. A request relayed by a proxy on this
# machine also comes from 127.0.0.1, so purges must also arrive directly (see
# the X-Forwarded-For check below).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # One cache entry per host name whatever the port, so Wagtail's purge
    # (which names the site's host) reaches what visitors were sent.
    set req.http.X-Edge-Host = regsub(std.tolower(req.http.Host), ":[0-9]+$", "");

    if (req.method == "PURGE") {
        # Varnish has appended the client's address to X-Forwarded-For: a
        # comma means another proxy relayed the request for someone else.
        if (client.ip !~ purgers || req.http.X-Forwarded-For ~ ",") {
            return (synth(405, "Purging is not allowed from here"));
        }
        # Every variant of the path (?theme=, ?q=, ?page=) goes: the theme
        # filter and search results show the changed page too.
        ban("obj.http.X-Edge-Host == " + req.http.X-Edge-Host +
            " && obj.http.X-Edge-Path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        # Forms (report a problem, admin) always reach Django, cookies and all.
        return (pass);
    }
    # The admin, its previews and draft views: always fresh, never stored.
    if (req.url ~ "^/admin(/|\?|$)") {
        return (pass);
    }
    # Signed-in editors (sessionid), anyone holding a CSRF token (the sign-in
    # form), one-off notices (messages) and HTTP authentication see pages
    # made for them.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=" || req.http.Authorization) {
        return (pass);
    }
    # Every other cookie (analytics and the like) means nothing to the site:
    # drop it so every visitor shares one copy.
    unset req.http.Cookie;
    # Campaign tags change nothing on the page either.
    set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|gclid|fbclid)=[^&]*", "\1");
    set req.url = regsuball(req.url, "&&+", "&");
    set req.url = regsub(req.url, "[?&]+$", "");
    set req.url = regsuball(req.url, "\?&+", "?");
    set req.url = std.querysort(req.url);
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.X-Edge-Host);
    # http:// answers with a redirect, https:// with the page.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_response {
    # Remembered on the object so a PURGE can find it by host and path.
    set beresp.http.X-Edge-Host = bereq.http.X-Edge-Host;
    set beresp.http.X-Edge-Path = regsub(bereq.url, "\?.*$", "");

    # Stored only when Django says a shared cache may keep it: a
    # Cache-Control without private/no-store/no-cache, no cookie set and no
    # admin URL. Anything else is fetched fresh for every request (hit-for-miss).
    if (bereq.url ~ "^/admin(/|\?|$)"
        || beresp.http.Set-Cookie
        || !beresp.http.Cache-Control
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || beresp.http.Vary == "*") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The TTL is Django's s-maxage (Varnish reads it before max-age). A short
    # grace keeps a burst of visitors on the old copy while one fetch refreshes
    # it; a purge drops the copy and its grace at once. A page that changes
    # with the clock (a site alert starting or ending) says
    # stale-while-revalidate=0: its old copy is never served after its TTL.
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=0") {
        set beresp.grace = 0s;
    } else {
        set beresp.grace = 30s;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.X-Edge-Host;
    unset resp.http.X-Edge-Path;
    # For operators and the tests: HIT, MISS or PASS (never stored).
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    return (deliver);
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.http.Cache-Control = "no-store";
    set resp.body = resp.reason;
    return (deliver);
}
