"""static/css/site.css stays small and honest: colours only from its variables, no dead rules.

Colours live once in ``:root``, so the contrast figures in the file's opening
comment are about the colours in use, and this file recomputes them. A class
selector that no template or Python code puts on a page is dead weight that
every visitor downloads.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSS = ROOT / "static" / "css" / "site.css"
# Folders that hold no markup of ours.
NOT_OURS = {".venv", "node_modules", "staticfiles", "media", "tests", "migrations", ".git"}
# Classes that markup we do not write puts on the page (Wagtail's rich text and
# image tags). Empty today; add a class here only with the reason.
SET_BY_WAGTAIL = set()

COLOUR_LITERAL = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(")
CLASS_SELECTOR = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
# class="a b", css_class="a" (an include's argument), "class": "a" (widget attrs).
CLASS_ATTRIBUTE = re.compile(r"""class\s*=\s*["']([^"']*)["']|["']class["']\s*:\s*["']([^"']*)["']""")
BODY_CLASS_BLOCK = re.compile(r"{%\s*block body_class\s*%}(.*?){%\s*endblock")
# "--text on --white 19.6:1, on --panel 17.5:1": a foreground, then backgrounds and figures.
CONTRAST_CLAIM = re.compile(r"(?:(--[\w-]+) )?on (--[\w-]+) ([\d.]+):1")


def css_without_comments():
    return re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.DOTALL)


def declaration_blocks(css):
    """The innermost {…} blocks: declarations, never selectors or @media queries."""
    return re.findall(r"{([^{}]*)}", css)


def selector_text(css):
    return re.sub(r"{[^{}]*}", " ", css)


def variables():
    root = re.search(r":root\s*{([^}]*)}", css_without_comments())
    assert root, "site.css has no :root block for its colour variables"
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root.group(1)))


def our_files(pattern):
    for path in ROOT.rglob(pattern):
        if not NOT_OURS.intersection(path.relative_to(ROOT).parts):
            yield path


def renders_in_admin(text):
    """Admin templates get Wagtail's stylesheet, not site.css."""
    extends = re.search(r"""{%\s*extends\s+["']([^"']+)["']""", text)
    return bool(extends) and extends.group(1).startswith(("wagtailadmin/", "adminsecurity/"))


def classes_in_use():
    used = set(SET_BY_WAGTAIL)
    for path in [*our_files("*.html"), *our_files("*.py")]:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html" and renders_in_admin(text):
            continue
        for match in CLASS_ATTRIBUTE.finditer(text):
            used.update(re.findall(r"[\w-]+", match.group(1) or match.group(2)))
        for match in BODY_CLASS_BLOCK.finditer(text):
            used.update(match.group(1).split())
    return used


def contrast(foreground, background):
    """WCAG 2 contrast ratio of two #rgb or #rrggbb colours."""

    def luminance(colour):
        digits = colour.lstrip("#")
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_every_colour_comes_from_a_variable_in_root():
    css = css_without_comments()
    root = re.search(r":root\s*{[^}]*}", css)
    outside_root = css[: root.start()] + css[root.end() :]
    literals = [block.strip() for block in declaration_blocks(outside_root) if COLOUR_LITERAL.search(block)]
    assert literals == [], "Use a variable from :root instead of the colours in:\n" + "\n".join(literals)


def test_the_contrast_figures_in_the_opening_comment_are_true():
    comment = CSS.read_text(encoding="utf-8").split("*/", 1)[0]
    colours = variables()
    claims, foreground = [], None
    for named_foreground, background, figure in CONTRAST_CLAIM.findall(comment):
        foreground = named_foreground or foreground
        claims.append((foreground, background, float(figure)))
    assert len(claims) >= 8, f"The opening comment should give the contrast of each colour pair: {claims}"
    wrong = [
        f"{fg} on {bg}: the comment says {figure}:1, the colours give {contrast(colours[fg], colours[bg]):.2f}:1"
        for fg, bg, figure in claims
        if round(contrast(colours[fg], colours[bg]), 1) != figure
    ]
    assert wrong == []
    too_low = [f"{fg} on {bg}" for fg, bg, figure in claims if figure < 4.5]
    assert too_low == [], f"Below WCAG AA's 4.5:1 for text: {too_low}"


def test_every_class_selector_is_used_by_a_template_or_python_code():
    unused = sorted(set(CLASS_SELECTOR.findall(selector_text(css_without_comments()))) - classes_in_use())
    assert unused == [], (
        "These classes in site.css are on no page (no template or Python code sets them); "
        "remove their rules:\n" + "\n".join(unused)
    )


def test_the_class_finder_sees_classes_set_in_templates_and_python():
    """Guards the test above against finding nothing and so passing on anything."""
    used = classes_in_use()
    # A plain attribute, a class a template condition adds, an include's argument, a block.
    assert {"site-header", "form-group--error", "call-to-action__link", "page-home"} <= used
    # Only in the admin's templates, which use Wagtail's stylesheet.
    assert "button" not in used


# Properties that name a side of the screen; their logical forms follow the text's
# direction, so a right-to-left language (dir="rtl") gets a mirrored layout.
PHYSICAL_SIDE = re.compile(
    r"(?<![\w-])(?:(?:margin|padding|border|inset|scroll-margin|scroll-padding)-(?:left|right)(?:-[\w-]+)?|left|right)\s*:"
    r"|(?<![\w-])(?:float|clear|text-align|caption-side)\s*:\s*(?:left|right)\b"
    r"|border-(?:top|bottom)-(?:left|right)-radius\s*:"
)
# A shorthand with four values puts different lengths on the left and right.
FOUR_SIDES = re.compile(r"(?<![\w-])(?:margin|padding|inset|border-width|border-style|border-color)\s*:\s*([^;{}]+)")


def physical_sides(css):
    found = [match.group(0) for block in declaration_blocks(css) for match in PHYSICAL_SIDE.finditer(block)]
    for block in declaration_blocks(css):
        for match in FOUR_SIDES.finditer(block):
            values = match.group(1).split()
            if len(values) == 4 and values[1] != values[3]:
                found.append(match.group(0).strip())
    return found


def test_layout_uses_logical_properties_so_right_to_left_mirrors():
    found = physical_sides(css_without_comments())
    assert found == [], (
        "Use logical properties (margin-inline-start, padding-inline, inset-inline-start, "
        "border-inline-start, text-align: start) instead of: " + ", ".join(found)
    )


def test_the_physical_side_finder_finds_each_kind():
    css = (
        ".a { margin-left: 1rem; padding-right: 0; } .b { left: 0; text-align: right; float: left; }"
        " .c { margin: 0 1rem 0 2rem; border-top-left-radius: 2px; }"
        " .ok { margin-inline-start: 1rem; inset-inline-start: 0; text-align: start; margin: 0 1rem; padding: 1px 2px 3px 2px; }"
    )
    assert physical_sides(css) == [
        "margin-left:",
        "padding-right:",
        "left:",
        "text-align: right",
        "float: left",
        "border-top-left-radius:",
        "margin: 0 1rem 0 2rem",
    ]
