"""StreamField blocks for every page body on the site.

One stream (``BodyStreamBlock``) is shared by all page types so editors learn
one set of blocks and the templates stay in one place.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock, TypedTableBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from core.alt_text import alt_text_problem
from core.rich_text import validate_rich_text_links
from core.video import parse_video_url

# Only what the design styles: headings start at h2 because the page title is
# the one h1; no raw HTML, no embeds, no images inside rich text (they would
# skip the per-use alt text ImageBlock asks for).
EMPTY_IMAGE_BLOCK = gettext_lazy("choose an image, or remove this Image block.")

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(help_text="The words quoted, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Who said it, for example “Councillor Jane Smith, Leeds City Council”.",
    )

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "components/streamfield/blocks/quote_block.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(
        help_text=(
            "Describe what the image shows for people who cannot see it, "
            "or tick “decorative” if it adds nothing to the text."
        )
    )
    caption = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Optional. Shown below the image: what it shows or why it is here.",
    )
    credit = blocks.CharBlock(
        required=False,
        max_length=150,
        help_text="Optional. Who took or owns the image, for example “Leeds City Council”. Shown after “Credit:”.",
    )

    class Meta:
        icon = "image"
        label = "Image"
        template = "components/streamfield/blocks/figure_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        max_length=100,
        help_text="Say where the link goes, for example “Read the Eurocities annual report”. Avoid “click here”.",
    )
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or a web address on another site.")

    def clean(self, value):
        result = super().clean(value)
        if bool(result.get("page")) == bool(result.get("url")):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Choose a page on this site or enter a web address, not both.")}
            )
        return result

    class Meta:
        icon = "link"
        label = "Call to action"
        template = "components/streamfield/blocks/call_to_action_block.html"


class LinkCheckedRichTextBlock(blocks.RichTextBlock):
    """Rich text that refuses a link or embed whose id is not a number (core/rich_text.py).

    It deconstructs as Wagtail's RichTextBlock: the check changes nothing
    stored, so it needs no migration.
    """

    def clean(self, value):
        result = super().clean(value)
        validate_rich_text_links(result.source)
        return result

    def deconstruct(self):
        _, args, kwargs = super().deconstruct()
        return "wagtail.blocks.RichTextBlock", args, kwargs


# Inline formatting only: for table cells, accordion sections and inset text.
INLINE_FEATURES = ["bold", "italic", "link"]


class TableBlock(blocks.StructBlock):
    """A data table: a caption, a heading for every column, and optionally row headings in the first column."""

    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock(required=False)),
            ("number", blocks.DecimalBlock(required=False)),
            ("rich_text", blocks.RichTextBlock(required=False, features=INLINE_FEATURES, label="Text with links")),
        ],
        help_text="Give the table a caption that says what it shows, and every column a heading.",
    )
    first_column_is_header = blocks.BooleanBlock(
        required=False,
        label="First column holds row headings",
        help_text="Tick if each row is named by its first cell, for example a city's name.",
    )

    def clean(self, value):
        result = super().clean(value)
        table = result.get("table")
        problems = []
        if table is not None and not (table.caption or "").strip():
            problems.append(ValidationError(gettext_lazy("Add a caption that says what the table shows.")))
        if table is not None and any(not str(column["heading"] or "").strip() for column in table.columns):
            problems.append(ValidationError(gettext_lazy("Give every column a heading.")))
        if problems and not self.is_deferred_validation:
            error = TypedTableBlockValidationError(non_block_errors=ErrorList(problems))
            raise StructBlockValidationError(block_errors={"table": error})
        return result

    class Meta:
        icon = "table"
        label = "Table"
        template = "components/streamfield/blocks/table_block.html"


class AccordionSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, help_text="What the section is about; visitors open it to read more.")
    content = LinkCheckedRichTextBlock(features=["bold", "italic", "ol", "ul", "link"])


class AccordionBlock(blocks.StructBlock):
    sections = blocks.ListBlock(AccordionSectionBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Accordion (sections that open and close)"
        template = "components/streamfield/blocks/accordion_block.html"


class InsetTextBlock(LinkCheckedRichTextBlock):
    class Meta:
        icon = "doc-full"
        label = "Inset text"
        help_text = "A short quotation from the rules, an example or extra information set apart from the text."
        template = "components/streamfield/blocks/inset_text_block.html"


class WarningTextBlock(blocks.TextBlock):
    class Meta:
        icon = "warning"
        label = "Warning text"
        help_text = "Something important people must know, for example a deadline or a legal requirement. One sentence."
        template = "components/streamfield/blocks/warning_text_block.html"


def file_size_text(size):
    """A file size as people read it: "890 bytes", "120 KB", "2.4 MB"."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class DocumentLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, help_text="Optional, for example “Reports”.")
    documents = blocks.ListBlock(DocumentChooserBlock(), min_num=1)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["documents"] = [
            {
                "document": document,
                "kind": document.file_extension.upper(),
                "size": file_size_text(document.get_file_size()),
            }
            for document in value["documents"]
            if document is not None
        ]
        return context

    class Meta:
        icon = "doc-full-inverse"
        label = "Document links"
        template = "components/streamfield/blocks/document_links_block.html"


class LinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(required=False, max_length=120, help_text="Optional for a page: its title is used.")
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or a web address on another site (then give the link text).")

    def clean(self, value):
        result = super().clean(value)
        if bool(result.get("page")) == bool(result.get("url")):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Choose a page on this site or enter a web address, not both.")}
            )
        if result.get("url") and not result.get("text"):
            raise StructBlockValidationError(
                block_errors={"text": ValidationError("Say where the link goes: a web address needs link text.")}
            )
        return result


class RelatedLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Related links")
    links = blocks.ListBlock(LinkBlock(), min_num=1)

    class Meta:
        icon = "link"
        label = "Related links"
        template = "components/streamfield/blocks/related_links_block.html"


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video that loads only when the visitor presses play (core/video.py)."""

    url = blocks.URLBlock(help_text="The video's address on YouTube or Vimeo, for example https://youtu.be/…")
    title = blocks.CharBlock(
        max_length=150, help_text="What the video is about, for example “Leeds at the Eurocities forum 2025”."
    )

    def clean(self, value):
        result = super().clean(value)
        if result.get("url") and parse_video_url(result["url"]) is None:
            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Enter the address of a video on YouTube or Vimeo.")}
            )
        return result

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["video"] = parse_video_url(value.get("url"))
        return context

    class Meta:
        icon = "media"
        label = "Video"
        template = "components/streamfield/blocks/video_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    paragraph = LinkCheckedRichTextBlock(
        features=RICH_TEXT_FEATURES,
        label="Text",
        icon="pilcrow",
        template="components/streamfield/blocks/paragraph_block.html",
    )
    quote = QuoteBlock()
    image = FigureBlock()
    call_to_action = CallToActionBlock()
    table = TableBlock()
    accordion = AccordionBlock()
    inset_text = InsetTextBlock(features=INLINE_FEATURES)
    warning_text = WarningTextBlock()
    document_links = DocumentLinksBlock()
    related_links = RelatedLinksBlock()
    video = VideoBlock()

    def clean(self, value):
        """Wagtail's checks, then this site's image rules.

        On submit and publish: alt text that means something. On a draft save
        (autosave included), where Wagtail lets required fields be empty: no
        Image block without an image, which would be stored and then break
        the preview and, once published, the page.
        """
        own_errors = self._empty_image_errors(value) if self.is_deferred_validation else self._alt_text_errors(value)
        try:
            cleaned = super().clean(value)
        except StreamBlockValidationError as error:
            # Keep Wagtail's own error for a block it already refused.
            raise StreamBlockValidationError(
                block_errors={**own_errors, **error.block_errors},
                non_block_errors=ErrorList([*self._summary(own_errors), *error.non_block_errors]),
            ) from error
        if own_errors:
            raise StreamBlockValidationError(block_errors=own_errors, non_block_errors=self._summary(own_errors))
        return cleaned

    @staticmethod
    def _image_blocks(value):
        """(stream index, image number counted from 1, the ImageBlock's image or None) for each Image block."""
        images = [(index, child) for index, child in enumerate(value) if child.block_type == "image"]
        for number, (index, child) in enumerate(images, start=1):
            yield index, number, child.value.get("image")

    @staticmethod
    def _error(number, field, problem):
        """An error on the ImageBlock's ``field``, named "Image N in the body" so the summary says which block."""
        message = ValidationError(f"Image {number} in the body: {problem}")
        return StructBlockValidationError(
            block_errors={"image": StructBlockValidationError(block_errors={field: message})}
        )

    def _alt_text_errors(self, value):
        """{stream index: error} for each image whose alt text does not describe it."""
        errors = {}
        for index, number, image in self._image_blocks(value):
            problem = image and not image.decorative and alt_text_problem(image.contextual_alt_text, image)
            if problem:
                errors[index] = self._error(number, "alt_text", problem)
        return errors

    def _empty_image_errors(self, value):
        return {
            index: self._error(number, "image", EMPTY_IMAGE_BLOCK)
            for index, number, image in self._image_blocks(value)
            if image is None
        }

    def alt_text_messages(self, value):
        """What ``_alt_text_errors`` refuses in a stored stream, as the messages the editor reads."""
        return list(self._summary(self._alt_text_errors(value)))

    @staticmethod
    def _summary(errors):
        return ErrorList(
            [message for error in errors.values() for message in error.block_errors["image"].block_errors.values()]
        )


def stream_alt_text_messages(page):
    """The alt text messages for every body stream of ``page`` (a page object, as a revision holds it)."""
    found = []
    for field in page._meta.get_fields():
        stream_block = getattr(field, "stream_block", None)
        if isinstance(stream_block, BodyStreamBlock):
            found.extend(stream_block.alt_text_messages(getattr(page, field.name)))
    return found
