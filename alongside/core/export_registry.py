"""Who contributes what to "everything we hold about you".

Each app that holds client data may have an `export.py` module with

    def contribute(client, reader) -> list[Part]
    def erase(client) -> None          # optional: see `erasers`

`contribute` returns its share of the record: FHIR R4 resources for the bundle, JSON for
what FHIR has no good home for (it goes beside the bundle), and readable items for the
PDF. The registry finds these modules through the app registry, in INSTALLED_APPS order,
so a new app (the plan, letters, resources) joins the export by adding its own
`export.py`; nothing here changes.

`reader` is whoever the copy is for: the client themself (portal) or the practice operator
(the export command). Each contributor fetches through its own `visible_to`/`released_to`
scope with that reader, so a copy never holds more than its reader may see.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

MODULE = "export"


@dataclass
class Item:
    """One readable entry in the PDF: a heading, an optional date, and labelled texts."""

    heading: str
    when: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Part:
    """One app's share of the record."""

    key: str  # stable, used as the JSON section name: "profile", "notes", ...
    title: str  # for people: the PDF's heading
    resources: list[dict] = field(default_factory=list)  # FHIR R4 resources, JSON-ready
    data: object = None  # JSON beside the bundle (None: nothing beyond the resources)
    items: list[Item] = field(default_factory=list)
    explain: str = ""  # a sentence for the reader, e.g. what is held back and why


def contributors():
    """The `contribute` functions of every installed Alongside app that has one."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("alongside."):
            continue
        if not module_has_submodule(config.module, MODULE):
            continue
        contribute = getattr(import_module(f"{config.name}.{MODULE}"), "contribute", None)
        if callable(contribute):
            found.append(contribute)
    return found


def erasers():
    """The optional `erase(client)` functions of the same modules: each deletes the rows of
    its app that would stop the client row from being deleted (PROTECT foreign keys), or
    that a cascade would not reach. Called, in reverse app order, before the client row
    goes; everything else goes by cascade."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("alongside."):
            continue
        if not module_has_submodule(config.module, MODULE):
            continue
        erase = getattr(import_module(f"{config.name}.{MODULE}"), "erase", None)
        if callable(erase):
            found.append(erase)
    return list(reversed(found))


def parts(client, reader) -> list[Part]:
    collected = []
    for contribute in contributors():
        collected.extend(contribute(client, reader))
    return collected
