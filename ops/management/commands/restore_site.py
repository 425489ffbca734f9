from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup_site folder onto an EMPTY database (createdb NAME) and empty media storage. "
        "Refuses to touch a database that has any tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backup folder (with manifest.json, database.dump, media.tar.gz).")

    def handle(self, *args, source, **options):
        try:
            manifest = restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['database']!r} taken {manifest['created']} "
                f"({manifest['media_files']} media files)."
            )
        )
