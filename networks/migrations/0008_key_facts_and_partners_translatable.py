"""Key facts and local partners become translatable (issue 11), first step.

Wagtail's pattern for making existing rows translatable
(``BootstrapTranslatableMixin``): the ``locale`` and ``translation_key``
columns are added nullable here, filled in, and made required with their
unique (translation_key, locale) pair in 0009.

``BootstrapTranslatableModel`` would put every row in the default language
with a key of its own. These rows belong to pages, some of them translations
(the seeded French, German and Chinese pages had copies of the English key facts
and partners), so instead each row takes its page's locale, and a translated
page's rows share the keys of the English page's rows, matched in order
(``sort_order``): the n-th fact of /fr/eurocities/ is a translation of the
n-th fact of /eurocities/. That is what wagtail-localize does when it copies
a page, and it lets it find each child's translation at the next sync.

The same keys are written into the pages' saved revisions and into
wagtail-localize's copies of the English pages (``TranslationSource``), where
the rows are stored as JSON: without them, restoring a revision or syncing a
translation would give the rows new random keys.
"""

import json
import uuid
from collections import defaultdict

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import BootstrapLocaleField, BootstrapTranslationKeyField

CHILD_MODELS = {"key_facts": "NetworkKeyFact", "local_partners": "NetworkLocalPartner"}


def fill_rows(apps, model_name):
    """Each row of ``model_name``: its page's locale, and the English row's key. {pk: row}."""
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    model = apps.get_model("networks", model_name)
    rows = defaultdict(list)
    for row in model.objects.order_by("page_id", "sort_order", "pk"):
        rows[row.page_id].append(row)
    pages = {page.pk: page for page in Page.objects.filter(pk__in=list(rows)).only("pk", "locale", "translation_key")}
    default = Locale.objects.filter(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    default_id = default.values_list("pk", flat=True).first()
    english = {page.translation_key: page.pk for page in pages.values() if page.locale_id == default_id}
    # English pages first, so their rows have keys before their translations look them up.
    for page in sorted(pages.values(), key=lambda page: page.locale_id != default_id):
        source = rows.get(english.get(page.translation_key), []) if page.locale_id != default_id else []
        for position, row in enumerate(rows[page.pk]):
            row.locale_id = page.locale_id
            row.translation_key = source[position].translation_key if position < len(source) else uuid.uuid4()
            row.save(update_fields=["locale", "translation_key"])
    return {row.pk: row for page_rows in rows.values() for row in page_rows}


def with_keys(content, page_id, rows_by_relation):
    """``content`` (a page as JSON) with each stored child row's key and locale; True if anything changed."""
    changed = False
    for relation, rows in rows_by_relation.items():
        for item in content.get(relation) or []:
            row = rows.get(item.get("pk"))
            if row is not None and row.page_id == page_id and "translation_key" not in item:
                item["translation_key"] = str(row.translation_key)
                item["locale"] = row.locale_id
                changed = True
    return changed


def fill_locale_and_translation_key(apps, schema_editor):
    rows_by_relation = {relation: fill_rows(apps, name) for relation, name in CHILD_MODELS.items()}
    ContentType = apps.get_model("contenttypes", "ContentType")
    network_page = ContentType.objects.filter(app_label="networks", model="networkpage").first()
    if network_page is None:
        return
    Revision = apps.get_model("wagtailcore", "Revision")
    for revision in Revision.objects.filter(content_type=network_page).iterator():
        if with_keys(revision.content, int(revision.object_id), rows_by_relation):
            revision.save(update_fields=["content"])
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    for source in TranslationSource.objects.filter(specific_content_type=network_page).iterator():
        content = json.loads(source.content_json)
        if with_keys(content, content.get("pk"), rows_by_relation):
            source.content_json = json.dumps(content)
            source.save(update_fields=["content_json"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("networks", "0007_body_image_credit_and_new_blocks"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        BootstrapLocaleField("networks.NetworkKeyFact"),
        BootstrapTranslationKeyField("networks.NetworkKeyFact"),
        BootstrapLocaleField("networks.NetworkLocalPartner"),
        BootstrapTranslationKeyField("networks.NetworkLocalPartner"),
        migrations.RunPython(fill_locale_and_translation_key, migrations.RunPython.noop),
    ]
