from django.dispatch import Signal

# Sent by `rotate_keys` once every value is encrypted under the newest key, so anything
# else keyed by the data keys (the clients' name index) is rebuilt under it too.
data_keys_rotated = Signal()
