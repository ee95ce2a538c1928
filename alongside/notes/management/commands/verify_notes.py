from django.core.management.base import BaseCommand, CommandError

from alongside.notes.signing import verify_all


class Command(BaseCommand):
    help = "Recompute the hash of every signed note and addendum; name any that changed."

    def handle(self, *args, **options):
        checked, bad = verify_all()
        for item in bad:
            label = (
                f"Note {item.pk}"
                if item.kind == "note"
                else (f"Addendum {item.pk} to note {item.note_id}")
            )
            self.stderr.write(f"{label}: {item.reason}.")
        if bad:
            raise CommandError(f"{len(bad)} of {checked} signed records changed after signing.")
        self.stdout.write(f"All {checked} signed notes and addenda match their signatures.")
