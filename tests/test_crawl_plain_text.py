"""The crawl of test_crawl.py poisons every encrypted field; people also type text that is
not encrypted (the practice's name, directory entries, letterheads and letter templates,
crisis lines, reporting groups, token names, user names) and websites that become links.
Poison those too and crawl every page as every person: nothing typed may run."""

import re

import pytest
from django.apps import apps

from alongside.accounts.models import User
from alongside.demo.seed import seed
from tests.test_crawl import DANGEROUS, PAYLOAD, _crawl

# Plain-text fields a person types, by model: everything else plain is an id, a hash, a
# code or something the app writes itself.
TYPED = {
    "accounts.Practice": ["name"],
    "accounts.User": ["username", "first_name", "last_name", "pronouns"],
    "context.Dimension": ["label"],
    "context.LifeDomain": ["label"],
    "context.OppressionSystem": ["label"],
    "equity.ReportingGroup": ["label"],
    "equity.GroupRule": ["phrase"],
    "api.ApiToken": ["name"],
    "resources.Organization": ["name", "description"],
    "resources.Service": [
        "name",
        "description",
        "interpretation_services",
        "application_process",
        "fees_description",
        "eligibility_description",
        "alert",
        "accessibility",
    ],
    "resources.Location": ["name", "address_1", "city", "region", "accessibility"],
    "resources.Phone": ["number", "description"],
    "resources.Schedule": ["description"],
    "resources.Language": ["name"],
    "resources.ServiceArea": ["name", "description"],
    "resources.RequiredDocument": ["document"],
    "resources.Flag": ["note"],
    "letters.Letterhead": ["name", "address", "phone", "footer"],
    "letters.LetterTemplate": ["title"],
    "plans.CrisisLine": ["name", "how_to_reach", "when_open"],
}
# Websites a person types become links: a script address must never be one.
LINKS = {"resources.Organization": ["url"], "resources.Service": ["url"]}
SCRIPT_LINK = "javascript:alert(document.domain)//https://example.org"
SCRIPT_HREF = re.compile(r"""href\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _poison_plain_text():
    poisoned = 0
    for label, names in TYPED.items():
        model = apps.get_model(label)
        for obj in model._base_manager.all():
            for name in names:
                limit = model._meta.get_field(name).max_length or 10_000
                setattr(obj, name, (PAYLOAD + getattr(obj, name))[:limit])
                poisoned += 1
            model._base_manager.filter(pk=obj.pk).update(**{n: getattr(obj, n) for n in names})
    for label, names in LINKS.items():
        apps.get_model(label)._base_manager.update(**dict.fromkeys(names, SCRIPT_LINK))
    return poisoned


@pytest.fixture
def poisoned_demo(db):
    seed()
    usernames = list(User.objects.values_list("pk", "username"))
    assert _poison_plain_text() > 50, "the demo has almost none of these fields: nothing tested"
    return usernames


@pytest.mark.parametrize("username", ["river", "jo", "sam", "admin", "ash", "noor"])
def test_typed_plain_text_never_runs_on_any_page(client, poisoned_demo, username):
    pk = dict((name, pk) for pk, name in poisoned_demo)[username]
    client.force_login(User.objects.get(pk=pk))
    pages = _crawl(client)
    assert len(pages) > 3, "the crawl found almost nothing"
    for url, response in pages:
        where = f"{username} GET {url}"
        assert response.status_code < 500, where
        if "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        for danger in DANGEROUS:
            assert danger not in body, f"{where}: unescaped {danger!r}"
        assert not SCRIPT_HREF.search(body), f"{where}: a javascript: link"
