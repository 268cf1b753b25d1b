from django.db import migrations
from django.db.models import Exists, OuterRef


def digests_off_unless_chosen(apps, schema_editor):
    """The summaries used to be on from sign-up, without anybody choosing them. Whoever recorded
    a choice (a Consent row for the digests, given or withdrawn) keeps it; whoever never chose
    stops receiving them, except staff, for whom the digests are part of the job."""
    User = apps.get_model("accounts", "User")
    Consent = apps.get_model("accounts", "Consent")
    chose = Consent.objects.filter(user=OuterRef("pk"), purpose="digests")
    User.objects.filter(receives_digests=True, is_staff=False).exclude(Exists(chose)).update(
        receives_digests=False
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_digests_are_opt_in")]

    # Going back changes nothing: turning digests on again for people who never chose them
    # would be the very mistake this migration corrects.
    operations = [migrations.RunPython(digests_off_unless_chosen, migrations.RunPython.noop)]
