from wagtail import hooks

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
