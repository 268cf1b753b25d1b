"""What of the circular the groups get (and the letter text it suggests): the documents and targets a proposal carries, and
circular documents that may be letter templates (Word or OpenDocument) as well as PDFs.

The proposals made before this choice existed get all of their circular's documents and targets:
that is what their groups were told they would find."""

from django.db import migrations, models

import actions.storage
import actions.validators


def give_existing_proposals_their_circular_material(apps, schema_editor):
    ActionProposal = apps.get_model("actions", "ActionProposal")
    CircularAttachment = apps.get_model("actions", "CircularAttachment")
    ActionTarget = apps.get_model("actions", "ActionTarget")
    for proposal in ActionProposal.objects.filter(circular__isnull=False).iterator():
        proposal.documents.set(CircularAttachment.objects.filter(circular_id=proposal.circular_id))
        proposal.targets.set(ActionTarget.objects.filter(circular_id=proposal.circular_id))


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0005_report_funds_and_materials"),
    ]

    operations = [
        migrations.AddField(
            model_name="circular",
            name="letter_text",
            field=models.TextField(
                blank=True,
                help_text=(
                    "The letter the groups send, as the circular suggests it: it goes into the "
                    "letters the portal prepares for them, below the salutation."
                ),
                max_length=6000,
                verbose_name="letter text",
            ),
        ),
        migrations.AddField(
            model_name="actionproposal",
            name="documents",
            field=models.ManyToManyField(
                blank=True,
                help_text="The circular's documents the groups can download (a letter template...).",
                related_name="proposals",
                to="actions.circularattachment",
                verbose_name="documents for the groups",
            ),
        ),
        migrations.AddField(
            model_name="actionproposal",
            name="targets",
            field=models.ManyToManyField(
                blank=True,
                help_text="The circular's targets shown to the groups, with their addresses.",
                related_name="proposals",
                to="actions.actiontarget",
                verbose_name="authorities to write to",
            ),
        ),
        migrations.AlterField(
            model_name="circularattachment",
            name="file",
            field=models.FileField(
                help_text=(
                    "A PDF, or a letter template as a Word (.docx) document. In a Word template, "
                    "these placeholders are filled in for each group and authority: "
                    "{{ target_name }}, {{ target_address }}, {{ salutation }}, {{ date }}, "
                    "{{ group_name }}, {{ signatory }}."
                ),
                max_length=200,
                storage=actions.storage.private_storage,
                upload_to=actions.storage.attachment_path,
                validators=[actions.validators.validate_circular_document],
                verbose_name="file",
            ),
        ),
        migrations.RunPython(
            give_existing_proposals_their_circular_material, migrations.RunPython.noop
        ),
    ]
