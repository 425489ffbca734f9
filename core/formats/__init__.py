"""The site's own date formats where Django's differ from the style guide (settings.FORMAT_MODULE_PATH).

Only the formats named here change; every other format, and every other
language, comes from Django's locale data.
"""
