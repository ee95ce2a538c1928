"""`manage.py check` loads every instrument, so a broken file dropped in is caught at deploy."""

from django.core import checks

from alongside.measures.instruments import InstrumentError, registry


@checks.register()
def instruments_load(app_configs, **kwargs):
    registry.cache_clear()
    try:
        registry()
    except (InstrumentError, OSError, ValueError) as error:
        return [checks.Error(str(error), id="measures.E001")]
    return []
