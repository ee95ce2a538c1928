"""Data-rights objects for the cast, for the object-access walk."""

from alongside.rights.models import Correction, Part


def correction(cast) -> Correction:
    found = Correction.objects.filter(client=cast.client).first()
    return found or Correction.objects.create(
        client=cast.client, part=Part.PROFILE, text="My pronouns are wrong."
    )
