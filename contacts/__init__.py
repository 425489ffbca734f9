"""Reusable contact details: a snippet per team, chosen on network and information pages.

Where a page names none, the site settings' contact details (home.SiteSettings)
stay the default. Contacts go through the approval workflow (editorial/roles.py)
and are ready for translation (TranslatableMixin).
"""
