"""Make a practice admin: the supported way to create the first account on a new server.

The account is an ordinary staff account with the admin role (never is_superuser), so it
gets the second factor at first sign-in like all staff, and sees no client record. It has
no password until the person opens the invitation link, which is emailed and printed.
"""

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext

from alongside.accounts import invitations
from alongside.accounts.models import Practice, Role, User
from alongside.accounts.validators import validate_one_address
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core import languages


class Command(BaseCommand):
    help = "Make a practice admin and email (and print) their invitation link."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--practice",
            help="The practice's name. Needed when there is no practice yet or several.",
        )
        parser.add_argument(
            "--site",
            default="http://localhost:8000",
            help="The address people open Alongside at, for the invitation link.",
        )

    def handle(self, *args, **options):
        email = options["email"].strip()
        try:
            validate_one_address(email)
        except ValidationError as error:
            raise CommandError(f"--email: {error.messages[0]}") from error
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account with {email} already exists.")
        with transaction.atomic():
            practice = self._practice(options["practice"])
            base = email.split("@")[0][:140] or "admin"
            username, n = base, 1
            while User.objects.filter(username__iexact=username).exists():
                n += 1
                username = f"{base}{n}"
            admin = User(
                username=username,
                email=email,
                first_name=options["first_name"],
                last_name=options["last_name"],
                role=Role.ADMIN,
                practice=practice,
            )
            admin.set_unusable_password()
            admin.save()
            record(
                actor=None, action=Action.CREATE, object_type="staff_account", object_id=admin.pk
            )
            _, path = invitations.make_invitation(admin, sent_by=None)
        link = options["site"].rstrip("/") + path
        with languages.for_person(admin):
            body = render_to_string(
                "accounts/invitation_email.txt", {"link": link, "name": admin.first_name}
            )
            send_mail(gettext("Your invitation to Alongside"), body, None, [email])
        self.stdout.write(
            f"Practice admin {username} made for {practice.name}. The invitation went to "
            f"{email}; the link (once, for three days):\n{link}"
        )

    def _practice(self, name):
        if name:
            return Practice.objects.get_or_create(name=name)[0]
        practices = list(Practice.objects.all()[:2])
        if len(practices) == 1:
            return practices[0]
        raise CommandError("Name the practice with --practice (there is none yet, or several).")
