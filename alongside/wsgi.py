import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
application = get_wsgi_application()

# What start-up made (Django, the apps, their models) lives as long as the worker: moved out
# of the cyclic collector's sight, so its full collections scan only what requests make.
# Measured on a client's page: about 1 ms a request of collecting before, 0.1 ms after.
gc.freeze()
