"""Signals other apps may listen to without accounts knowing them (apps above it, like api,
connect in their AppConfig.ready)."""

from django.dispatch import Signal

# A person's sign-in security changed (a new password, a changed second step, an account
# closed): their security stamp is new, so every other session of theirs has ended. Sent
# with `user`. Whatever else acts as them (API tokens) should end too.
sign_in_changed = Signal()
