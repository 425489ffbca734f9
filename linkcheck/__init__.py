"""The broken-link report: every external link on live pages, fetched and recorded.

``links.py`` finds the links (rich text, URL fields, blocks), ``fetch.py``
checks them (bounded concurrency, timeouts, a polite user agent, HEAD then
GET, a limit on redirects), ``models.LinkCheck`` keeps the last result per
address, the ``check_links`` command runs it (cron, docs/operations.md) and
``wagtail_hooks`` shows the broken ones on the dashboard and in a report.
"""
