"""Screenshots for the editor's guide (docs/editors.md), taken by the browser tests so they stay true."""

from pathlib import Path

EDITORS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "editors"


def save_for_guide(page, name, locator=None):
    """The visible part of ``page`` (or just ``locator``) as docs/screenshots/editors/<name>.png."""
    EDITORS.mkdir(parents=True, exist_ok=True)
    path = EDITORS / f"{name}.png"
    (locator or page).screenshot(path=str(path), animations="disabled")
    return path
