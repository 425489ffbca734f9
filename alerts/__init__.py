"""The site-wide alert banner: a snippet the communications team writes, approves and schedules.

``models.Alert`` goes through the same approval workflow as pages
(editorial/roles.py). ``active.current`` picks the alerts showing now without
a query on most renders (``core.memo``), and tells the caches when the
page next changes (``core.freshness``): at the next start or end time.
"""
