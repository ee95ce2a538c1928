"""Every download (the registry of tests/test_step_up_exports.py) leaves as a file: never
HTML a browser would render and run (typed text inside JSON or CSV stays data), never sniffed
into another type, never kept by a browser or proxy cache, and always as an attachment."""

import pytest

from tests.test_step_up_exports import EXPORTS, _needs_pdf, _sign_in, _url, answers  # noqa: F401

RENDERED = ("text/html", "application/xhtml", "image/svg", "text/xml", "application/xml")


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_download_is_an_uncached_unsniffed_attachment(client, cast, answers, name):  # noqa: F811
    _needs_pdf(name)
    _sign_in(client, getattr(cast, EXPORTS[name][0]), minutes_since_confirmed=0)
    response = client.get(_url(name, cast))
    assert response.status_code == 200, name
    content_type = response["Content-Type"]
    assert not content_type.startswith(RENDERED), f"{name}: {content_type}"
    assert response["X-Content-Type-Options"] == "nosniff", name
    assert "no-store" in response["Cache-Control"], name
    assert response["Content-Disposition"].startswith("attachment;"), name
