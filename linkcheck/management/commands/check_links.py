"""Fetch every external link on the live pages and record which are broken (docs/operations.md)."""

from django.core.management.base import BaseCommand

from linkcheck.run import check_links


class Command(BaseCommand):
    help = "Check every external link on live pages; broken ones show on the admin dashboard."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, help="Requests at once (default 4, LINKCHECK_WORKERS).")
        parser.add_argument("--timeout", type=float, help="Seconds to wait for each answer (default 10).")

    def handle(self, *args, workers=None, timeout=None, **options):
        results = check_links(workers=workers, timeout=timeout)
        broken = [result for result in results if not result.ok]
        for result in broken:
            self.stdout.write(f"BROKEN {result.url}: {result.error or result.status}")
        self.stdout.write(f"Checked {len(results)} links: {len(broken)} broken.")
