"""Alt text that means something: the rules the editor's form and the Checks panel share.

Wagtail refuses only an empty alt text. Choosing an image pre-fills the alt
text with the image's description or, failing that, its title, which is
usually the file name ("leeds"), so a page could go live with ``alt="leeds"``.
These rules also refuse the title, the file name and placeholders.
"""

import os
import re

PLACEHOLDER_WORDS = ("image", "photo", "photograph", "picture", "pic", "logo", "graphic", "img")
WORDS = "|".join(PLACEHOLDER_WORDS)
PLACEHOLDER = re.compile(
    rf"^\s*(?:an?\s+|the\s+)?(?:{WORDS})s?\s*[.!]?\s*$|^\s*(?:an?\s+)?(?:picture|image|photo|photograph)\s+of\b",
    re.IGNORECASE,
)
SEPARATORS = re.compile(r"[\s_\-]+")
IMAGE_EXTENSION = re.compile(r"\.(?:avif|gif|jpe?g|png|svg|webp|heic|tiff?|bmp)$", re.IGNORECASE)

EMPTY = "Add alt text that says what the image shows, or tick “decorative” if it adds nothing to the text."
SAME_AS_NAME = (
    "The alt text “%(alt)s” is only the image's title or file name. "
    "Say what the image shows for people who cannot see it, or tick “decorative”."
)
PLACEHOLDER_MESSAGE = (
    "The alt text “%(alt)s” does not say what the image shows. "
    "Describe it (for example “The Leeds delegation at the Eurocities forum in Tampere”), or tick “decorative”."
)


def name_key(text):
    """A title or file name as compared: lower case, no extension, no spaces, hyphens or underscores."""
    text = IMAGE_EXTENSION.sub("", (text or "").strip().rstrip(".,;:!?"))
    return SEPARATORS.sub("", text).lower()


def image_names(image):
    """The title and the file name (without folders) the alt text must not just repeat."""
    names = [image.title]
    if image.file and image.file.name:
        stem = os.path.basename(image.file.name)
        names.append(stem)
        # Wagtail may add a random suffix to a clashing upload ("leeds_Ab3dEf1.jpg").
        names.append(re.sub(r"_[A-Za-z0-9]{7}(\.\w+)?$", r"\1", stem))
    return [name for name in names if name_key(name)]


def alt_text_problem(alt_text, image):
    """Why ``alt_text`` does not describe ``image``, or None when it may."""
    alt_text = (alt_text or "").strip()
    if not alt_text:
        return EMPTY
    if PLACEHOLDER.search(alt_text) or IMAGE_EXTENSION.search(alt_text):
        return PLACEHOLDER_MESSAGE % {"alt": alt_text}
    if image is not None and name_key(alt_text) in {name_key(name) for name in image_names(image)}:
        return SAME_AS_NAME % {"alt": alt_text}
    return None


def name_pattern(images):
    """A JavaScript regular expression matching alt text that only repeats one of these images' names."""
    keys = sorted({name_key(name) for image in images for name in image_names(image)})
    gap = r"[\s_\-]*"
    alternatives = [gap.join(re.escape(char) for char in key) for key in keys]
    if not alternatives:
        return ""
    return rf"^{gap}(?:{'|'.join(alternatives)}){gap}(?:\.[a-z]+)?[.,;:!?]?\s*$"


def checker_pattern(wagtail_pattern, images):
    """Wagtail's alt-text-quality pattern, plus placeholders and these images' titles and file names."""
    parts = [wagtail_pattern, PLACEHOLDER.pattern, name_pattern(images)]
    return "|".join(f"(?:{part})" for part in parts if part)
