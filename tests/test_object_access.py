"""Walk every URL pattern that takes an object id and prove that everyone but the people
with a relationship to the object gets 404, on every method, with nothing of the record in
the page. A new URL with an id fails here until it is registered below, so none is missed.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

METHODS = ["get", "post", "put", "patch", "delete"]

# How to fill each kind of id from the cast: (name of the object, how to get its pk)
OBJECT_IDS = {
    "client_id": lambda cast: cast.client.pk,
    "user_id": lambda cast: cast.river.pk,
}

# For each URL name: the cast members who may reach the object (everyone else: 404).
ALLOWED = {
    "clients:detail": {"river", "sam"},
    "clients:edit": {"river"},
    "clients:invite": {"river"},
    "clients:seen": {"river"},
    "accounts:staff_edit": {"admin", "superuser"},
}

POST_ONLY = {"clients:invite", "clients:seen"}

# Text from the cast's records that must never appear on a refusal.
CANARIES = ["Ash Canary", "CANARY-SELF-DESCRIPTION", "ash@example.invalid"]


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry.pattern.converters


def object_patterns():
    return sorted(
        name
        for name, converters in _walk(get_resolver())
        if any(k.endswith("_id") or k in {"pk", "id"} for k in converters)
    )


def test_every_url_with_an_object_id_is_registered_here():
    unregistered = set(object_patterns()) - set(ALLOWED)
    assert not unregistered, f"Add these URL names to ALLOWED and OBJECT_IDS: {unregistered}"


def _url(name, cast):
    from django.urls import reverse

    converters = dict(_walk(get_resolver()))[name]
    return reverse(name, kwargs={k: OBJECT_IDS[k](cast) for k in converters})


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_only_related_people_reach_the_object(client, cast, name):
    url = _url(name, cast)
    for who, user in cast.others_than(*ALLOWED[name]).items():
        client.force_login(user)
        for method in METHODS:
            response = getattr(client, method)(url)
            assert response.status_code == 404, f"{who} {method.upper()} {url}"
            body = response.content.decode()
            for canary in CANARIES:
                assert canary not in body, f"{who} {method.upper()} {url} leaked {canary!r}"


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_the_related_people_do_reach_it(client, cast, name):
    """Guards the walk itself: a URL everyone gets 404 on would pass the test above."""
    url = _url(name, cast)
    for who in ALLOWED[name]:
        client.force_login(getattr(cast, who))
        method = "post" if name in POST_ONLY else "get"
        response = getattr(client, method)(url)
        assert response.status_code in (200, 302), f"{who} {method.upper()} {url}"


def test_every_view_names_an_access_rule():
    from django.urls import resolve, reverse

    missing = []
    for name, converters in _walk(get_resolver()):
        kwargs = {k: 1 if k.endswith("_id") else "x" for k in converters}
        view = resolve(reverse(name, kwargs=kwargs)).func
        if not getattr(view, "access_rule", None):
            missing.append(name)
    assert not missing, f"Views without an access rule: {missing}"
