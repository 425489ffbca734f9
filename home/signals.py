"""Put a new home page, and so every page under it, in the communications team's hands.

The French, German and Chinese home pages are siblings of the English one under
the root, so a translation of the home page is a new section of its own: without
this, editors could start a translation but not open the page it made.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from editorial.roles import ensure_editorial_setup

from .models import HomePage


@receiver(post_save, sender=HomePage, dispatch_uid="home_page_roles")
def grant_home_to_communications_team(sender, instance, created, raw=False, **kwargs):
    # The data migration (0003) covers home pages that already exist; this covers
    # one created later (seed_content, or a translation made in the admin).
    if created and not raw:
        ensure_editorial_setup(section_page_ids=[instance.pk])
