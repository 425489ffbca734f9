"""Moving a model's code to another app without touching its rows.

A model that moves from app ``old`` to app ``new`` keeps its data: on a
database that already has ``old``'s table, the table is renamed to the new
app's name and the model's content type is relabelled in place, so its id,
and with it every page, revision, permission and search entry that points at
it, stays the same. On a new database the table is simply created. Used by the
first migration of the app the model moved to, after a state-only
``CreateModel``.
"""

from django.db import migrations


def adopt_or_create(old_app_label, new_app_label, model_names):
    """A RunPython operation that adopts ``old_app_label``'s tables for ``model_names``, or creates them."""

    def forwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        existing = set(schema_editor.connection.introspection.table_names())
        for name in model_names:
            model = apps.get_model(new_app_label, name)
            old_table = f"{old_app_label}_{name.lower()}"
            if old_table in existing:
                schema_editor.alter_db_table(model, old_table, model._meta.db_table)
                ContentType.objects.filter(app_label=old_app_label, model=name.lower()).update(app_label=new_app_label)
            else:
                schema_editor.create_model(model)

    def backwards(apps, schema_editor):
        for name in reversed(model_names):
            schema_editor.delete_model(apps.get_model(new_app_label, name))

    return migrations.RunPython(forwards, backwards)
