"""Image uploads that fail with a message, not a server error or a memory spike.

Wagtail 8's image field lets a file whose header looks like an image but
whose data is broken reach Pillow's decoder unguarded (a 500), and it decodes
the whole image before comparing its pixel count with
WAGTAILIMAGES_MAX_IMAGE_PIXELS, so a 150-megapixel bomb is decoded in memory
before it is refused. This field reads the size from the header first and
turns any decoder failure into "Upload a valid image".
"""

import warnings
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.http import QueryDict
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from core.alt_text import EMPTY, alt_text_problem


class CheckedImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        if self.max_image_pixels is not None:
            width, height = self._header_size(f)
            if width * height > self.max_image_pixels:
                raise ValidationError(
                    self.error_messages["file_too_many_pixels"]
                    % {"num_pixels": width * height, "max_pixels_count": self.max_image_pixels},
                    code="file_too_many_pixels",
                )
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as exc:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc

    def _header_size(self, f):
        """Width and height from the file's header, without decoding the pixels."""
        source = f.image.f
        position = source.tell()
        source.seek(0)
        try:
            with warnings.catch_warnings():
                # Pillow warns past its own limit; ours is lower and checked by the caller.
                warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
                with PILImage.open(source) as image:
                    return image.size
        except PILImage.DecompressionBombError:
            # Far past any limit: Wagtail's own check below words the message.
            return (0, 0)
        except Exception as exc:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc
        finally:
            source.seek(position)


class CheckedImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: every admin image form (single and multiple upload) uses it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # get_image_form() builds this field itself; swap in the checking subclass,
            # keeping the widget, label and messages Wagtail set up.
            self.fields["file"].__class__ = CheckedImageField
        if "description" in self.fields:
            self._ask_for_description()

    def _ask_for_description(self):
        """The description becomes the alt text Wagtail pre-fills wherever the image is used.

        Without one Wagtail pre-fills the title, usually the file name ("leeds"). The
        multiple uploader's first step builds this form from a plain dict holding only
        the file's title, then shows the full form (with the description) per image:
        only forms an editor posted (a QueryDict) or sees need it.
        """
        field = self.fields["description"]
        field.label = "Description (alt text)"
        field.help_text = (
            "What the image shows, for people who cannot see it, for example “Leeds Town Hall lit up at dusk”. "
            "Pages use it as the image's alt text unless you write one there. "
            "Not the file name, and not “image of…”."
        )
        field.required = not self.is_bound or isinstance(self.data, QueryDict)

    def clean(self):
        cleaned_data = super().clean()
        description = cleaned_data.get("description", "")
        if description and self.fields.get("description"):
            upload = cleaned_data.get("file") or self.instance.file
            stand_in = SimpleNamespace(
                title=cleaned_data.get("title") or self.instance.title,
                file=SimpleNamespace(name=getattr(upload, "name", "") or ""),
            )
            problem = alt_text_problem(description, stand_in)
            if problem and problem != EMPTY:
                self.add_error("description", problem.replace("alt text", "description"))
        return cleaned_data
