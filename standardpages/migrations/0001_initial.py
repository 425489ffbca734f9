"""Information pages, moved here from the old "support" app with their rows."""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

from core.moved_models import adopt_or_create


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The model's state here; its table below, adopted from the old "support" app where it exists.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='InformationPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('introduction', models.TextField(help_text='One or two sentences that say what the page covers; also its description in search results.', max_length=500)),
                        ('body', wagtail.fields.StreamField([('paragraph', 0), ('quote', 3), ('image', 6), ('call_to_action', 10)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'h4', 'bold', 'italic', 'ol', 'ul', 'link'], 'icon': 'pilcrow', 'label': 'Text', 'template': 'components/streamfield/blocks/paragraph_block.html'}), 1: ('wagtail.blocks.TextBlock', (), {'help_text': 'The words quoted, without quotation marks.'}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': 'Who said it, for example “Councillor Jane Smith, Leeds City Council”.', 'max_length': 200, 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('text', 1), ('attribution', 2)]], {}), 4: ('wagtail.images.blocks.ImageBlock', [], {'help_text': 'Describe what the image shows for people who cannot see it, or tick “decorative” if it adds nothing to the text.'}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional caption shown below.', 'max_length': 250, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('image', 4), ('caption', 5)]], {}), 7: ('wagtail.blocks.CharBlock', (), {'help_text': 'Say where the link goes, for example “Read the Eurocities annual report”. Avoid “click here”.', 'max_length': 100}), 8: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'A page on this site…', 'required': False}), 9: ('wagtail.blocks.URLBlock', (), {'help_text': '…or a web address on another site.', 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('text', 7), ('page', 8), ('url', 9)]], {})}, help_text="The page's text. Use headings (h2, h3) to split it into sections people can scan.")),
                    ],
                    options={
                        'verbose_name': 'information page',
                    },
                    bases=('wagtailcore.page',),
                ),
            ],
        ),
        adopt_or_create("support", "standardpages", ['InformationPage']),
    ]
