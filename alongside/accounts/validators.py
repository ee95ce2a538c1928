"""Email addresses: one address, checked wherever one is stored (client profiles, staff
accounts, the portal), so a bad one is refused next to its field, not by the mail server."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

MESSAGE = _("Enter one email address, like name@example.org.")


def validate_one_address(value: str) -> None:
    value = (value or "").strip()
    if not value:
        raise ValidationError(MESSAGE, code="invalid")
    # validate_email already refuses a list ("a@x.org, b@x.org"), spaces and display
    # names ("Ash <a@x.org>"); the explicit checks keep the message about "one address".
    if any(mark in value for mark in ",;<> \t\r\n"):
        raise ValidationError(MESSAGE, code="invalid")
    try:
        validate_email(value)
    except ValidationError as error:
        raise ValidationError(MESSAGE, code="invalid") from error
