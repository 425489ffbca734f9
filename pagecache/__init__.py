"""A shared cache of anonymous page views, emptied whenever published content changes.

Design: one site-wide *generation* token lives in the cache beside the pages.
Every stored page records the generation it was rendered under and is served
only while that generation is current. Publishing, unpublishing, moving or
deleting a page, changing a snippet, a site setting, an image, a privacy
setting or the site itself sets a new generation, so every page that could show
the change (listings, the home page's promo, breadcrumbs, search results) is
re-rendered on its next request, in every worker at once.

``middleware.PageCacheMiddleware`` decides what may be cached and serves it;
``signals`` sets the new generation; ``cache`` holds the keys.
"""
