from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from core import memo

        from . import cache, signals

        signals.connect()
        # Site-wide data kept in memory (core/memo.py) is read again when the generation moves on.
        memo.use_generation(cache.current_generation)
