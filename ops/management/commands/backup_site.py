from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and every media file into a new folder. See ops/backup.py."

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            help="Folder to create; default backups/<date-time>/ in the project.",
        )

    def handle(self, *args, destination=None, **options):
        destination = Path(destination or settings.BASE_DIR / "backups" / datetime.now().strftime("%Y%m%d-%H%M%S"))
        try:
            manifest = backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up database {manifest['database']!r} and {manifest['media_files']} media files to {destination}"
            )
        )
