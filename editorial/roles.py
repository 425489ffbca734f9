"""The communications team's roles, its approval workflow and its media collection.

Everything here is built by ``ensure_editorial_setup``, which is idempotent and
takes an ``apps`` registry so that the data migration (historical models) and
``seed_content`` / the landing-page signal (real models) share one definition.
The migration cannot grant page permissions on a database without a landing
page yet, so whoever creates the landing page calls this again with it.
"""

from django.apps import apps as global_apps
from django.utils.translation import gettext_lazy as _

EDITORS = "Communications editors"
APPROVERS = "Communications approvers"
WORKFLOW_NAME = "Communications approval"
TASK_NAME = "Approval by a communications approver"
COLLECTION_NAME = "International"

# What each role may do, as the Roles tab of the user form says it (editorial/users.py).
ROLE_DESCRIPTIONS = {
    EDITORS: _(
        "Write and change the team's pages (home page, international strategy and network pages, "
        "information pages), add images and documents, and submit pages for approval. "
        "Cannot publish, unpublish or delete a page."
    ),
    APPROVERS: _(
        "Everything editors do, and: approve and publish submitted pages or request changes, "
        "publish and unpublish pages, lock pages, delete themes and change the site settings and the footer. "
        "Signs in with a second factor."
    ),
}
ROLES_HELP = _(
    "Give each member of the communications team one role. Administrators have every right "
    "and need no role; leave other groups unticked unless a developer set them up for you."
)

# Page permissions, granted on the landing page and so on every network page.
# Editors have no publish permission: Wagtail then refuses publishing,
# unpublishing, reordering and deleting anything live, and offers "Submit for
# approval" instead.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
APPROVER_PAGE_PERMISSIONS = [*EDITOR_PAGE_PERMISSIONS, "publish_page", "lock_page", "unlock_page"]

# (app_label, model, codename, name used only if the permission row is missing)
ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
# Translators are editors: they may start translations (wagtail-localize's own
# permission) and edit the translated pages their page permissions cover.
SUBMIT_TRANSLATION = ("wagtail_localize", "translation", "submit_translation", "Can submit translations")
EDITOR_MODEL_PERMISSIONS = [
    ACCESS_ADMIN,
    SUBMIT_TRANSLATION,
    ("networks", "theme", "add_theme", "Can add theme"),
    ("networks", "theme", "change_theme", "Can change theme"),
]
# Snippets that go through the approval workflow like pages (alerts/, contacts/):
# editors write and submit them, approvers publish, and only approvers lock,
# unlock or delete them. Named by label so this layer imports neither app.
WORKFLOW_SNIPPETS = [("alerts", "alert", "site alert"), ("contacts", "contact", "contact")]
EDITOR_MODEL_PERMISSIONS += [
    (app_label, model, f"{action}_{model}", f"Can {action} {name}")
    for app_label, model, name in WORKFLOW_SNIPPETS
    for action in ("add", "change")
]
APPROVER_SNIPPET_PERMISSIONS = [
    (app_label, model, f"{action}_{model}", f"Can {action} {name}")
    for app_label, model, name in WORKFLOW_SNIPPETS
    for action in ("publish", "delete", "lock", "unlock")
]
APPROVER_MODEL_PERMISSIONS = [
    *EDITOR_MODEL_PERMISSIONS,
    *APPROVER_SNIPPET_PERMISSIONS,
    # Deleting a theme silently removes it from live pages, so only approvers may.
    ("networks", "theme", "delete_theme", "Can delete theme"),
    ("home", "sitesettings", "change_sitesettings", "Can change site settings"),
    # The footer's team name and links, one per language (home/models.py): what
    # were site settings, so the same people; a save is live at once, with no workflow.
    ("home", "footer", "add_footer", "Can add footer"),
    ("home", "footer", "change_footer", "Can change footer"),
    # The notice on translated pages, in each language (core/models.py).
    ("core", "translationnotice", "add_translationnotice", "Can add translation notice"),
    ("core", "translationnotice", "change_translationnotice", "Can change translation notice"),
]
# Granted on the International collection only.
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image", "Can add image"),
    ("wagtailimages", "image", "change_image", "Can change image"),
    ("wagtailimages", "image", "choose_image", "Can choose image"),
    ("wagtaildocs", "document", "add_document", "Can add document"),
    ("wagtaildocs", "document", "change_document", "Can change document"),
    ("wagtaildocs", "document", "choose_document", "Can choose document"),
]


def _permission(apps, app_label, model, codename, name):
    # On a new database Django creates permissions only after every migration
    # has run, so a data migration has to make the rows it needs itself.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _page_permission(apps, codename):
    return _permission(apps, "wagtailcore", "page", codename, f"Can {codename.replace('_', ' ')}")


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def ensure_international_collection(apps=global_apps):
    """The "International" collection directly under the root collection.

    Written against treebeard's stored path (steps of four base-36 digits)
    rather than ``add_child`` so it also works on a migration's historical model.
    """
    Collection = apps.get_model("wagtailcore", "Collection")
    existing = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
    if existing:
        return existing
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:  # a flushed test database has no root collection
        root = Collection.objects.create(name="Root", path="0001", depth=1, numchild=0)
    last_child = Collection.objects.filter(depth=2, path__startswith=root.path).order_by("-path").first()
    next_step = int(last_child.path[-4:], 36) + 1 if last_child else 1
    collection = Collection.objects.create(
        name=COLLECTION_NAME, path=root.path + _base36(next_step).rjust(4, "0"), depth=2, numchild=0
    )
    Collection.objects.filter(pk=root.pk).update(numchild=Collection.objects.filter(depth=2).count())
    return collection


def ensure_editorial_setup(apps=global_apps, section_page_ids=()):
    """Create what is missing of the two groups, their permissions and the workflow.

    ``section_page_ids``: the pages the team looks after (the international
    strategy page, so every network page, and the legal pages and report form)
    to grant the page permissions on and to put under the approval workflow.
    """
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    approvers, _ = Group.objects.get_or_create(name=APPROVERS)
    roles = [
        (editors, EDITOR_MODEL_PERMISSIONS, EDITOR_PAGE_PERMISSIONS),
        (approvers, APPROVER_MODEL_PERMISSIONS, APPROVER_PAGE_PERMISSIONS),
    ]

    collection = ensure_international_collection(apps)
    collection_permissions = [_permission(apps, *spec) for spec in COLLECTION_PERMISSIONS]
    for group, model_permissions, page_permissions in roles:
        group.permissions.add(*[_permission(apps, *spec) for spec in model_permissions])
        for permission in collection_permissions:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)
        for page_id in section_page_ids:
            for codename in page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=page_id, permission=_page_permission(apps, codename)
                )

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True, content_type=content_type)
        task.groups.add(approvers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page_id in section_page_ids:
        # An administrator may have chosen another workflow for the section: keep it.
        WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow": workflow})
    _assign_snippet_workflow(apps, workflow)
    return editors, approvers, workflow


def _assign_snippet_workflow(apps, workflow):
    # Only for snippet apps installed (and, in a migration, already migrated).
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, model, _name in WORKFLOW_SNIPPETS:
        try:
            WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
            apps.get_model(app_label, model)
        except LookupError:
            continue
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        WorkflowContentType.objects.get_or_create(content_type=content_type, defaults={"workflow": workflow})


def remove_editorial_setup(apps=global_apps):
    """Undo ``ensure_editorial_setup`` (for reversing the migration). Media stay in their collection."""
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, APPROVERS]).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).delete()
