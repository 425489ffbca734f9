from django.db import models


class Generation(models.Model):
    """The page cache's generation in the database: one row, set anew in the same transaction as every change.

    Redis holds a copy that every worker reads with each page (pagecache/cache.py),
    but a write to Redis can be lost (a pause, a timeout, a restart). This row
    cannot: it commits with the change or not at all, and a stored page is
    served only while the row still holds the number it was stored under.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "page cache generation"

    def __str__(self):
        return str(self.value)
