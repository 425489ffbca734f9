"""The public, read-only content API: Wagtail's ``wagtail.api.v2`` endpoints, narrowed.

What changes from Wagtail's own endpoints, and why:

- Everyone gets the same answer. Nothing reads the session or the user, so a
  signed-in editor's browser sees no more than anyone else's, and a response
  can be cached by the page cache and a CDN. Pages are live and public (no view
  restriction on them or above them); images and documents are those outside
  any private collection, whoever asks.
- Images carry resized renditions, never the original file's address.
- Bad parameters answer 400 with ``{"message": ...}``, checked before they
  reach the database, and anything the database still refuses is a 400 too.
- A rate limit per client address (throttling.py), JSON only, GET only.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.db.models import Prefetch, Q
from django.http import JsonResponse
from rest_framework.exceptions import APIException
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction

from networks.models import NetworkPage, Theme
from pagecache.params import cache_by

from . import checks
from .throttling import ClientAddressThrottle


class AlwaysJSON(BaseContentNegotiation):
    """JSON whatever Accept or ?format= says: one representation, so caches need not vary on Accept."""

    def select_parser(self, request, parsers):
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# Errors a hostile parameter could still raise inside Django or the database.
BAD_INPUT_ERRORS = (ValueError, TypeError, OverflowError, DjangoValidationError, DataError)


class PublicAPIMixin:
    renderer_classes = [JSONRenderer]
    content_negotiation_class = AlwaysJSON
    parser_classes = []  # read-only: nothing is ever parsed
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientAddressThrottle]
    http_method_names = ["get", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        checks.check_parameters(request.GET)
        # Every parameter passed the checks and shapes the answer: the page
        # cache may key on them (pagecache.params; a page view declares its own).
        cache_by(request._request, **request.GET.dict())

    def handle_exception(self, exc):
        if isinstance(exc, BAD_INPUT_ERRORS):
            exc = BadRequestError("a query parameter has a value this field cannot take")
        response = super().handle_exception(exc)
        if isinstance(exc, APIException) and not isinstance(exc.detail, dict):
            # DRF says {"detail": ...}; Wagtail's endpoints say {"message": ...}: one shape for all.
            response.data = {"message": str(exc.detail)}
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = checks.cache_control(response.status_code)
        return response


def restricted_collection_ids():
    """Every collection under a view restriction, and all below it, whoever is asking."""
    paths = Collection.objects.filter(id__in=CollectionViewRestriction.objects.values("collection_id")).values_list(
        "path", flat=True
    )
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return Collection.objects.filter(query).values("id") if query else Collection.objects.none().values("id")


class PublicPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    # alias_of would name the original page whatever its state.
    meta_fields = [name for name in PagesAPIViewSet.meta_fields if name != "alias_of"]
    # One query per page in a listing: asked for on one page at a time.
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "translations"]

    def get_base_queryset(self):
        # .public() ignores who is asking: a login-restricted page is left out
        # even for a signed-in editor, so every answer is the same for everyone.
        return super().get_base_queryset().public()

    def get_queryset(self):
        # Each page's language ("locale" in meta, with translations on) in the same query.
        queryset = super().get_queryset().select_related("locale")
        if issubclass(queryset.model, NetworkPage):
            # Everything a network's fields need, in a fixed number of queries.
            queryset = queryset.select_related("logo").prefetch_related(
                "logo__renditions",
                "key_facts",
                "local_partners",
                Prefetch("themes", queryset=Theme.objects.order_by("name")),
            )
        return queryset


class PublicImagesAPIViewSet(PublicAPIMixin, ImagesAPIViewSet):
    # No download_url: that is the original upload, which the site never
    # serves. No tags: they are how editors file images, not content.
    meta_fields = BaseAPIViewSet.meta_fields
    body_fields = [
        *ImagesAPIViewSet.body_fields,
        APIField("rendition", serializer=ImageRenditionField("max-800x800", source="*")),
    ]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "title", "rendition"]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "title"]

    def get_queryset(self):
        return (
            self.model.objects.exclude(collection__in=restricted_collection_ids())
            .prefetch_related("renditions")
            .order_by("id")
        )


class PublicDocumentsAPIViewSet(PublicAPIMixin, DocumentsAPIViewSet):
    meta_fields = [name for name in DocumentsAPIViewSet.meta_fields if name != "tags"]
    listing_default_fields = [name for name in DocumentsAPIViewSet.listing_default_fields if name != "tags"]

    def get_queryset(self):
        return self.model.objects.exclude(collection__in=restricted_collection_ids()).order_by("id")


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, not the site's HTML page."""
    response = JsonResponse({"message": "There is nothing at this address in the API. Start at /api/v2/pages/."})
    response.status_code = 404
    response["Cache-Control"] = checks.cache_control(404)
    return response
