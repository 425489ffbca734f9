"""Admin hooks: safe rich text link handlers, and alt text checks in the editor's Checks panel.

The Checks panel (and the preview's userbar) flags alt text that only names the
image. Wagtail's axe-core rule "alt-text-quality" tests every ``img[alt]`` against one
regular expression (file extensions and underscores). This widens it to the
placeholders core/alt_text.py refuses and to the titles and file names of the
images on the page being checked, so ``alt="leeds"`` for an image titled
"leeds" shows as an issue before the editor submits.
"""

from wagtail import hooks
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.alt_text import checker_pattern
from core.models import TranslationNotice
from core.rich_text_handlers import (
    LINK_CONVERTER_RULE,
    SafeDocumentLinkHandler,
    SafeImageEmbedHandler,
    SafePageLinkHandler,
)


# After Wagtail's own registrations (order 0), so these replace its handlers.
@hooks.register("register_rich_text_features", order=100)
def register_safe_rich_text_handlers(features):
    features.register_link_type(SafePageLinkHandler)
    features.register_link_type(SafeDocumentLinkHandler)
    features.register_embed_type(SafeImageEmbedHandler)
    features.register_converter_rule("contentstate", "link", LINK_CONVERTER_RULE)


class AltTextCheckerItem(ContentCheckerItem):
    def __init__(self, images, in_editor=False):
        super().__init__(in_editor=in_editor)
        self.images = images

    def get_axe_custom_checks(self, request):
        checks = []
        for check in super().get_axe_custom_checks(request):
            if check["id"] == "check-image-alt-text":
                pattern = checker_pattern(check["options"]["pattern"], self.images)
                check = {**check, "options": {**check["options"], "pattern": pattern}}
            checks.append(check)
        return checks

    def get_axe_messages(self, request):
        messages = dict(super().get_axe_messages(request))
        messages["alt-text-quality"] = {
            "error_name": "Image alt text only names the image",
            "help_text": "Say what the image shows, or mark it as decorative",
        }
        return messages


def page_images(page):
    """Images the page shows: every ImageBlock in its stream fields, and a logo if it has one."""
    images = []
    for field in page._meta.get_fields():
        stream = getattr(page, field.name, None) if hasattr(field, "stream_block") else None
        for child in stream or ():
            images.extend(_images_in(child.block, child.value))
    logo = getattr(page, "logo", None)
    if logo is not None:
        images.append(logo)
    return images


def _images_in(block, value):
    if isinstance(block, ImageBlock):
        return [value] if value else []
    children = getattr(block, "child_blocks", None)
    if not children or not hasattr(value, "get"):
        return []
    return [image for name, child in children.items() for image in _images_in(child, value.get(name))]


@hooks.register("construct_wagtail_userbar")
def check_alt_text_against_image_names(request, items, page):
    images = page_images(page.specific) if page is not None else []
    for position, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, AltTextCheckerItem):
            items[position] = AltTextCheckerItem(images, in_editor=item.in_editor)


class TranslationNoticeViewSet(SnippetViewSet):
    model = TranslationNotice
    icon = "info-circle"
    menu_label = "Translation notice"
    add_to_admin_menu = False


register_snippet(TranslationNoticeViewSet)
