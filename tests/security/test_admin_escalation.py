"""Privilege escalation through the Django admin (issue 15).

A member of the secretariat is staff, not a superuser. Through the admin they must not be able
to hand out a role or a permission (superuser status, staff status, Django groups and
permissions, a group's permissions), nor take over the account of a member of staff or of a
superuser (their log-in address, their password, whether they may log in).

Every ModelAdmin is found in ``admin.site._registry``, so that an admin registered tomorrow is
checked the day it appears: its list, its add form and the change form of existing objects are
opened as the person, the fields a POST could change (main form, inlines, list-editable
columns) are collected from the pages' own forms, and every action the list offers is run on
every object with its confirmation given. Two people are checked: a real member of the
secretariat (staff in the "Secretariat" group that the data migrations fill, as in production)
and staff who hold every permission of the database without being superuser, the most a
superuser could ever give someone short of superuser status.

The behavioural tests then POST what an attacker would (the change form with
``is_superuser=on`` added, the password view of a superuser...) and check the saved rows, and
that a superuser keeps every power and the secretariat its daily work on volunteers' accounts.
"""

import datetime
import importlib
import uuid
from html.parser import HTMLParser
from pathlib import Path

import factory
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import SECRETARIAT_GROUP
from recruitment.models import Interview
from tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.recruitment.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

# Form fields that give a role or a permission, by name.
ROLE_FIELDS = {"is_superuser", "is_staff", "groups", "user_permissions", "permissions", "password"}
# Models whose rows grant roles and permissions: no field may point to them.
ROLE_MODELS = (Group, Permission)
# What opens somebody's account: on a page about a member of staff or a superuser, none of it
# may be editable by anyone but a superuser.
ACCOUNT_FIELDS = {"email", "is_active", "verified", "primary", "user", "password", "type", "data"}
# Whose account a row is, for the models that hold log-in details (second factors included).
ACCOUNT_OWNER = {
    User: lambda obj: obj,
    EmailAddress: lambda obj: obj.user,
    Authenticator: lambda obj: obj.user,
}
# The standard views of a ModelAdmin; anything else in get_urls() is reviewed below.
STANDARD_VIEWS = {"changelist", "add", "history", "delete", "change"}
REVIEWED_CUSTOM_VIEWS = {"auth_user_password_change"}
ATTACKER = "attacker@example.org"
NEW_PASSWORD = "Another-horse-battery-42"


# The people -----------------------------------------------------------------------------------


@pytest.fixture
def secretariat_group(secretariat):
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    # The real role: the permissions the data migrations give, including on people's accounts.
    assert group.permissions.filter(codename="change_user").exists()
    return group


@pytest.fixture
def every_permission(db):
    person = StaffFactory(email="every.permission@example.org", first_name="Max")
    person.user_permissions.set(Permission.objects.all())
    return person


@pytest.fixture(params=["secretariat", "every_permission"])
def editor(request, secretariat_group):
    """The person at the keyboard: staff, never superuser."""
    person = request.getfixturevalue(request.param)
    assert person.is_staff and not person.is_superuser
    return person


@pytest.fixture
def colleague(secretariat_group):
    """Another member of the secretariat, with an address they added and not confirmed yet."""
    person = StaffFactory(email="colleague@example.org", first_name="Inès")
    person.groups.add(secretariat_group)
    EmailAddress.objects.create(
        user=person, email="colleague.new@example.org", verified=False, primary=False
    )
    return person


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


# One object of every model in the admin ------------------------------------------------------


def factories_by_model():
    """The factories of tests/*/factories.py, by model (the one named after it first)."""
    found = {}
    modules = ["tests.factories"] + [
        f"tests.{path.parent.name}.factories"
        for path in sorted(Path(__file__).parents[1].glob("*/factories.py"))
    ]
    for module in map(importlib.import_module, modules):
        for value in vars(module).values():
            if not (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
            ):
                continue
            model = value._meta.model
            if value.__name__ == f"{model.__name__}Factory" or model not in found:
                found[model] = value
    return found


def _interview():
    interview = Interview.objects.create(
        application=ApplicationFactory(),
        starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=1),
        place="Secrétariat, salle de réunion",
    )
    interview.interviewers.set(User.objects.filter(email="colleague@example.org"))
    return interview


# Models that have no factory and that a plain row (autobuild) does not satisfy.
BUILDERS = {Interview: _interview}


def autobuild(model):
    """A row with a plain value in each required field: enough for most models (a reminder, a
    consent, a message in the outbox), so that a new admin is covered without a new builder."""
    values = {}
    for field in model._meta.concrete_fields:
        if (
            field.primary_key
            or field.has_default()
            or field.null
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
            or (field.blank and isinstance(field, (models.CharField, models.TextField)))
        ):
            continue
        if field.is_relation:
            values[field.name] = one_of(field.related_model)
        elif field.choices:
            values[field.name] = field.flatchoices[0][0]
        elif isinstance(field, models.EmailField):
            values[field.name] = "someone@example.org"
        elif isinstance(field, (models.CharField, models.TextField)):
            values[field.name] = "x"
        elif isinstance(field, models.BooleanField):
            values[field.name] = False
        elif isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
            values[field.name] = 1
        elif isinstance(field, models.DateTimeField):
            values[field.name] = timezone.now()
        elif isinstance(field, models.DateField):
            values[field.name] = timezone.localdate()
        elif isinstance(field, models.UUIDField):
            values[field.name] = uuid.uuid4()
        elif isinstance(field, models.JSONField):
            values[field.name] = {}
    return model._default_manager.create(**values)


def one_of(model):
    """A row of ``model``: one the migrations seeded, else built (builder, factory, plain row)."""
    existing = model._default_manager.order_by("pk").first()
    if existing is not None:
        return existing
    if model in BUILDERS:
        return BUILDERS[model]()
    made = factories_by_model().get(model)
    if made is not None:
        return made()
    try:
        with transaction.atomic():
            return autobuild(model)
    except Exception as error:
        pytest.fail(
            f"No way to build a {model._meta.label} for the admin check ({error!r}): add a "
            "factory to tests/*/factories.py or a builder to BUILDERS."
        )


def objects_of(model, people):
    """The rows whose change form is opened: every kind of account for the account models, one
    row for the others."""
    if model is User:
        return people
    if model in (EmailAddress, Authenticator):
        return list(model.objects.filter(user__in=people))
    return [one_of(model)]


# What a page lets one change --------------------------------------------------------------------


class FormData(HTMLParser):
    """What a browser sends for the form ``form_id`` of a page, as it stands."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.select = None
        self.select_first = None
        self.select_chosen = False
        self.textarea = None
        self.text = ""

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.add(name, attrs.get("value") or "on")
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self.select, self.select_first, self.select_chosen = name, None, False
            self.select_multiple = "multiple" in attrs
        elif tag == "option" and self.select:
            value = attrs.get("value") or ""
            if self.select_first is None:
                self.select_first = value
            if "selected" in attrs:
                self.add(self.select, value)
                self.select_chosen = True
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            if not self.select_chosen and not self.select_multiple and self.select_first:
                self.add(self.select, self.select_first)
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.add(self.textarea, self.text.removeprefix("\n"))
            self.textarea = None


def form_data(response, model) -> dict[str, list[str]]:
    parser = FormData(f"{model._meta.model_name}_form")
    parser.feed(response.content.decode())
    assert parser.data, "the page has no form"
    return parser.data


def editable_fields(response):
    """The fields a POST to this add or change page may change, ``(where, name, field)``: the
    main form's (Django refuses the POST without the add or change permission) and those of
    each inline that may add or change rows. Disabled fields are ignored by Django."""
    context = response.context
    allowed = context["has_add_permission"] if context["add"] else context["has_change_permission"]
    if not allowed:
        return []
    found = [
        ("form", name, field)
        for name, field in context["adminform"].form.fields.items()
        if not field.disabled
    ]
    for inline in context["inline_admin_formsets"]:
        if inline.has_add_permission or inline.has_change_permission:
            found += [
                (inline.formset.prefix, name, field)
                for name, field in inline.formset.empty_form.fields.items()
                if not field.disabled
            ]
    return found


def escalations(fields, owner=None, account_model=False):
    """Why each field is a way up: a role field, a choice of groups or permissions, the log-in
    details of a member of staff or a superuser (``owner``), or, on a model of log-in details,
    a way to give a member of staff new ones."""
    problems = []
    for where, name, field in fields:
        queryset = getattr(field, "queryset", None)
        if name in ROLE_FIELDS:
            problems.append(f"{where}.{name}: grants a role or a permission")
        elif queryset is not None and queryset.model in ROLE_MODELS:
            problems.append(f"{where}.{name}: chooses {queryset.model._meta.label} rows")
        elif (
            name in ACCOUNT_FIELDS and owner is not None and (owner.is_staff or owner.is_superuser)
        ):
            problems.append(f"{where}.{name}: log-in details of staff ({owner.email})")
        if account_model and name == "user" and queryset.filter(is_staff=True).exists():
            problems.append(f"{where}.{name}: gives log-in details to a member of staff")
    return problems


def access_snapshot():
    """Everything that gives a role, a permission or someone's access: who holds a role, each
    group's permissions, the log-in details of staff and superusers."""
    roles = {
        person.pk: (
            person.is_superuser,
            person.is_staff,
            sorted(person.groups.values_list("pk", flat=True)),
            sorted(person.user_permissions.values_list("pk", flat=True)),
        )
        for person in User.objects.all()
    }
    staff = {
        person.pk: (
            person.email,
            person.password,
            person.is_active,
            sorted(EmailAddress.objects.filter(user=person).values_list("email", "verified")),
            sorted(
                (authenticator.type, str(authenticator.data))
                for authenticator in Authenticator.objects.filter(user=person)
            ),
        )
        for person in User.objects.filter(is_staff=True) | User.objects.filter(is_superuser=True)
    }
    groups = {
        group.pk: sorted(group.permissions.values_list("pk", flat=True))
        for group in Group.objects.all()
    }
    return {
        "roles": {pk: held for pk, held in roles.items() if any(held)},
        "staff": staff,
        "groups": groups,
    }


def snapshot_changes(before, after):
    return [
        f"{part} #{key}: {before[part].get(key)} -> {after[part].get(key)}"
        for part in before
        for key in before[part].keys() | after[part].keys()
        if before[part].get(key) != after[part].get(key)
    ]


# Every ModelAdmin, its forms and its actions -----------------------------------------------------


REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize("model, model_admin", REGISTRY, ids=[m._meta.label for m, _ in REGISTRY])
def test_no_admin_form_or_action_grants_a_role(
    client, editor, colleague, superuser, volunteer, model, model_admin
):
    client.force_login(editor)
    people = [volunteer, colleague, superuser, editor]
    objects = objects_of(model, people)
    info = model._meta.app_label, model._meta.model_name
    listing = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    if listing.status_code == 403:
        # Out of reach altogether: so are its forms.
        assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403
        for obj in objects:
            url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            assert client.get(url).status_code == 403
        return
    assert listing.status_code == 200

    problems = []
    changelist = listing.context["cl"]
    if changelist.formset is not None:
        problems += escalations(
            ("list", name, field) for name, field in changelist.formset.form.base_fields.items()
        )
    add = client.get(reverse("admin:{}_{}_add".format(*info)))
    assert add.status_code in (200, 403)
    account_model = model in ACCOUNT_OWNER
    if add.status_code == 200:
        problems += [
            f"add form: {p}" for p in escalations(editable_fields(add), None, account_model)
        ]
    for obj in objects:
        page = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        assert page.status_code in (200, 302, 403), obj
        if page.status_code != 200:
            continue
        owner = ACCOUNT_OWNER[model](obj) if account_model else None
        problems += [
            f"{obj}: {p}" for p in escalations(editable_fields(page), owner, account_model)
        ]

    # Every action offered, on every object, confirmed; each in a transaction rolled back.
    action_form = listing.context["action_form"]  # None when no action is offered
    choices = action_form.fields["action"].choices if action_form is not None else []
    actions = [name for name, _ in choices if name]
    for action in actions:
        with transaction.atomic():
            before = access_snapshot()
            client.post(
                reverse("admin:{}_{}_changelist".format(*info)),
                {
                    "action": action,
                    "_selected_action": [obj.pk for obj in objects],
                    "index": 0,
                    "post": "yes",
                    "apply": "yes",
                },
            )
            problems += [
                f"action {action}: {c}" for c in snapshot_changes(before, access_snapshot())
            ]
            transaction.set_rollback(True)

    assert not problems, "\n".join(problems)


def test_every_custom_admin_view_is_reviewed():
    """A view a ModelAdmin adds to the standard ones (like Django's password view) is a way in
    of its own: it must be reviewed for escalation and tested here before it is listed."""
    custom = {
        pattern.name
        for model, model_admin in admin.site._registry.items()
        for pattern in model_admin.get_urls()
        if pattern.name
        and pattern.name
        not in {f"{model._meta.app_label}_{model._meta.model_name}_{v}" for v in STANDARD_VIEWS}
    }
    assert custom == REVIEWED_CUSTOM_VIEWS


# What an attacker would POST ----------------------------------------------------------------------


def change_url(person):
    return reverse("admin:accounts_user_change", args=[person.pk])


def password_url(person):
    return reverse("admin:auth_user_password_change", args=[person.pk])


def roles_of(person):
    person.refresh_from_db()
    return (
        person.is_superuser,
        person.is_staff,
        list(person.groups.all()),
        list(person.user_permissions.all()),
    )


def test_the_secretariat_cannot_make_anybody_superuser(
    secretariat_client, secretariat, secretariat_group, volunteer
):
    every = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]
    for person in (volunteer, secretariat):
        data = form_data(secretariat_client.get(change_url(person)), User)
        data.update(
            is_superuser=["on"],
            is_staff=["on"],
            groups=[str(secretariat_group.pk)],
            user_permissions=every,
        )
        before = roles_of(person)
        response = secretariat_client.post(change_url(person), data)
        assert response.status_code == 302
        assert roles_of(person) == before
        assert not person.is_superuser


def test_the_secretariat_still_corrects_a_volunteers_account(secretariat_client, volunteer):
    data = form_data(secretariat_client.get(change_url(volunteer)), User)
    data.update(first_name=["Lucie"], postal_code=["4000"], email=["lucas.new@example.org"])
    response = secretariat_client.post(change_url(volunteer), data)
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.first_name, volunteer.postal_code, volunteer.email) == (
        "Lucie",
        "4000",
        "lucas.new@example.org",
    )
    # A volunteer who cannot manage the e-mail reset may still be helped by the secretariat.
    assert secretariat_client.get(password_url(volunteer)).status_code == 200


def test_the_secretariat_cannot_take_over_a_colleagues_account(
    secretariat_client, colleague, secretariat
):
    for person in (colleague, secretariat):
        email = person.email
        page = secretariat_client.get(change_url(person))
        assert page.status_code == 200
        assert "../password/" not in page.content.decode()
        data = form_data(page, User)
        data.update(email=[ATTACKER], first_name=["Renamed"])
        data.pop("is_active", None)  # an unticked box: "may no longer log in"
        response = secretariat_client.post(change_url(person), data)
        assert response.status_code == 302
        person.refresh_from_db()
        # Names are corrected as for anybody; the address and the access are not touched.
        assert (person.first_name, person.email, person.is_active) == ("Renamed", email, True)

        assert secretariat_client.get(password_url(person)).status_code == 403
        response = secretariat_client.post(
            password_url(person),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
        )
        assert response.status_code == 403
        person.refresh_from_db()
        assert person.check_password(PASSWORD)


def test_a_superusers_account_is_out_of_the_secretariats_reach(
    secretariat_client, superuser, volunteer
):
    page = secretariat_client.get(change_url(superuser))
    assert page.status_code == 200  # to read, not to change
    assert page.context["has_change_permission"] is False
    assert superuser.password not in page.content.decode()
    response = secretariat_client.post(
        change_url(superuser), {"email": ATTACKER, "first_name": "Renamed", "is_active": ""}
    )
    assert response.status_code == 403

    assert secretariat_client.get(password_url(superuser)).status_code == 403
    response = secretariat_client.post(
        password_url(superuser),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)
    assert (superuser.email, superuser.first_name, superuser.is_active) == (
        "root@example.org",
        superuser.first_name,
        True,
    )


def test_staff_with_every_permission_add_no_staff(client, every_permission, secretariat_group):
    client.force_login(every_permission)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.person@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [secretariat_group.pk],
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="new.person@example.org")
    assert roles_of(person) == (False, False, [], [])


def test_staff_with_every_permission_cannot_change_a_groups_permissions(
    client, every_permission, secretariat_group
):
    client.force_login(every_permission)
    url = reverse("admin:auth_group_change", args=[secretariat_group.pk])
    before = set(secretariat_group.permissions.all())
    assert client.get(url).context["has_change_permission"] is False
    response = client.post(
        url,
        {
            "name": SECRETARIAT_GROUP,
            "permissions": list(Permission.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 403
    assert set(secretariat_group.permissions.all()) == before
    assert client.get(reverse("admin:auth_group_add")).status_code == 403


def test_staff_with_every_permission_cannot_erase_staff(
    client, every_permission, colleague, superuser, volunteer
):
    client.force_login(every_permission)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {
            "action": "erase_personal_data",
            "_selected_action": [colleague.pk, superuser.pk, volunteer.pk],
            "post": "yes",
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "2 members of staff left out" in response.content.decode()
    for person, email in ((colleague, "colleague@example.org"), (superuser, "root@example.org")):
        person.refresh_from_db()
        assert (person.email, person.is_active) == (email, True)
    # The volunteer's account is erased as before.
    assert not User.objects.filter(email="volunteer@example.org").exists()


def test_staff_with_every_permission_give_staff_no_new_address(client, every_permission, superuser):
    client.force_login(every_permission)
    response = client.post(
        reverse("admin:account_emailaddress_add"),
        {"user": superuser.pk, "email": ATTACKER, "verified": "on", "primary": "on"},
    )
    assert response.status_code == 200  # the form again, with its error
    assert not EmailAddress.objects.filter(email=ATTACKER).exists()
    address = EmailAddress.objects.get(user=superuser)
    url = reverse("admin:account_emailaddress_change", args=[address.pk])
    response = client.post(url, {"user": superuser.pk, "email": ATTACKER, "verified": "on"})
    assert response.status_code == 403
    address.refresh_from_db()
    assert address.email == "root@example.org"


# A superuser keeps every power ----------------------------------------------------------------


def test_a_superuser_still_grants_roles_and_manages_staff_accounts(
    superuser_client, secretariat_group, volunteer, colleague
):
    data = form_data(superuser_client.get(change_url(volunteer)), User)
    data.update(is_staff=["on"], is_superuser=["on"], groups=[str(secretariat_group.pk)])
    assert superuser_client.post(change_url(volunteer), data).status_code == 302
    assert roles_of(volunteer) == (True, True, [secretariat_group], [])

    data = form_data(superuser_client.get(change_url(colleague)), User)
    data.update(email=["ines.new@example.org"])
    assert superuser_client.post(change_url(colleague), data).status_code == 302
    colleague.refresh_from_db()
    assert colleague.email == "ines.new@example.org"

    assert superuser_client.get(password_url(colleague)).status_code == 200
    response = superuser_client.post(
        password_url(colleague),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.check_password(NEW_PASSWORD)

    url = reverse("admin:auth_group_change", args=[secretariat_group.pk])
    permission = Permission.objects.get(codename="add_user")
    response = superuser_client.post(
        url,
        {
            "name": SECRETARIAT_GROUP,
            "permissions": [*secretariat_group.permissions.values_list("pk", flat=True)]
            + [permission.pk],
        },
    )
    assert response.status_code == 302
    assert secretariat_group.permissions.filter(pk=permission.pk).exists()


def test_nobody_reads_or_writes_a_second_factors_secret_in_the_admin(superuser_client, volunteer):
    """Whoever reads the stored secret can compute the codes: not even a superuser sees it."""
    from tests.factories import TOTP_SECRET
    from tests.mfa import give_second_factor

    authenticator = give_second_factor(volunteer)
    change = reverse("admin:mfa_authenticator_change", args=[authenticator.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200
    assert TOTP_SECRET not in page.content.decode()
    assert superuser_client.get(reverse("admin:mfa_authenticator_add")).status_code == 403
    posted = superuser_client.post(change, {"user": volunteer.pk, "type": "totp", "data": "{}"})
    assert posted.status_code == 403
    authenticator.refresh_from_db()
    assert authenticator.data.get("secret")
    # Removing a lost one stays possible.
    delete = reverse("admin:mfa_authenticator_delete", args=[authenticator.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()
