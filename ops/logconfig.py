"""JSON-lines logging to stdout for production, shared by Django and gunicorn.

Plain data and no Django imports, so gunicorn.conf.py can use it before
Django is set up. One JSON object per line: time, level, logger, message,
plus any ``extra`` fields and the traceback as ``exc_info``.
"""

JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger", "process": "pid"},
    # ISO 8601 with the offset, whatever the server's locale.
    "datefmt": "%Y-%m-%dT%H:%M:%S%z",
}


def json_logging(level="INFO"):
    """A dictConfig for Django's LOGGING: everything to stdout as JSON lines."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": JSON_FORMATTER},
        "handlers": {
            "stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            # Django's own handlers would print a second, plain copy.
            "django": {"handlers": ["stdout"], "level": level, "propagate": False},
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "ERROR"},
            # One line per background task is noise at INFO.
            "django_tasks": {"level": "WARNING"},
        },
    }


def gunicorn_logging(level="INFO", access_log=False):
    """A logconfig_dict for gunicorn: its own lines in the same JSON shape."""
    config = json_logging(level)
    config["loggers"] = {
        "gunicorn.error": {"handlers": ["stdout"], "level": level, "propagate": False},
        "gunicorn.access": {
            "handlers": ["stdout"] if access_log else [],
            "level": "INFO",
            "propagate": False,
        },
    }
    return config
