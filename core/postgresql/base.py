"""Django's PostgreSQL backend with a client-side deadline on every round trip (core/querywatchdog.py).

Settings (production.py): OPTIONS["query_deadline"] bounds queries, commits
and rollbacks; OPTIONS["health_check_deadline"] bounds the ``SELECT 1`` Django
sends before reusing a persistent connection, which should answer at once.
"""

from django.db.backends.postgresql import base

from core import querywatchdog

# Not libpq parameters: removed before psycopg sees the options.
OWN_OPTIONS = ("query_deadline", "health_check_deadline")


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, settings_dict, *args, **kwargs):
        options = dict(settings_dict.get("OPTIONS", {}))
        self.query_deadline = options.pop("query_deadline", None)
        self.health_check_deadline = options.pop("health_check_deadline", self.query_deadline)
        super().__init__({**settings_dict, "OPTIONS": options}, *args, **kwargs)
        self.execute_wrappers.append(self._with_deadline)

    def _with_deadline(self, execute, sql, params, many, context):
        with querywatchdog.deadline(self.connection, self.query_deadline):
            return execute(sql, params, many, context)

    def is_usable(self):
        with querywatchdog.deadline(self.connection, self.health_check_deadline, "health check"):
            return super().is_usable()

    def init_connection_state(self):
        with querywatchdog.deadline(self.connection, self.query_deadline, "connection set-up"):
            super().init_connection_state()

    def _commit(self):
        with querywatchdog.deadline(self.connection, self.query_deadline, "commit"):
            return super()._commit()

    def _rollback(self):
        with querywatchdog.deadline(self.connection, self.query_deadline, "rollback"):
            return super()._rollback()
