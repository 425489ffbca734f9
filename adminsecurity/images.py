"""Image uploads that fail with a message, not a server error or a memory spike.

Wagtail 8's image field lets a file whose header looks like an image but
whose data is broken reach Pillow's decoder unguarded (a 500), and it decodes
the whole image before comparing its pixel count with
WAGTAILIMAGES_MAX_IMAGE_PIXELS, so a 150-megapixel bomb is decoded in memory
before it is refused. This field reads the size from the header first and
turns any decoder failure into "Upload a valid image".
"""

import warnings

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


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
