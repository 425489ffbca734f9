"""Put a new landing page, and so every network page under it, in the communications team's hands."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from editorial.roles import ensure_editorial_setup

from .models import InternationalStrategyPage


@receiver(post_save, sender=InternationalStrategyPage, dispatch_uid="networks_landing_page_roles")
def grant_section_to_communications_team(sender, instance, created, raw=False, **kwargs):
    # The data migration covers a landing page that already exists; this covers
    # one created later (seed_content on a new database, or by hand in the admin).
    if created and not raw:
        ensure_editorial_setup(section_page_ids=[instance.pk])
