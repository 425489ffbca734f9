"""The shared HTTP cache (CDN or Varnish) in front of the site.

Two jobs, both in front of Django's own page cache (``pagecache``):

``middleware.EdgeCacheHeadersMiddleware`` tells shared caches what they may
keep: public pages go out with ``Cache-Control: public, max-age=0,
s-maxage=N`` (browsers revalidate, shared caches keep one copy for N seconds);
everything else (the admin, previews, signed-in visits, any request or
response with a cookie, forms, errors) goes out ``private, no-store``.

``purge`` asks the caches named in ``WAGTAILFRONTENDCACHE`` (Wagtail's
``wagtail.contrib.frontend_cache`` backends: HTTP PURGE for Varnish,
Cloudflare, CloudFront) to drop every URL a publish, unpublish, move, delete
or privacy change touches, once the change is committed.

docs/edge-cache.md describes the set-up; varnish/default.vcl is the Varnish
configuration that honours both.
"""
