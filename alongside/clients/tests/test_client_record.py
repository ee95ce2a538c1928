from django.urls import reverse

from alongside.clients.models import Client


def test_a_therapist_adds_a_client_to_their_caseload(client, cast):
    client.force_login(cast.river)
    response = client.post(
        reverse("clients:create"),
        {
            "chosen_name": "Mo Newperson",
            "pronouns": "they/them",
            "language": "Somali",
            "version": 1,
        },
    )
    mo = Client.objects.visible_to(cast.river).get(pk=response.url.split("/")[-2])
    assert (mo.chosen_name, mo.therapist, mo.practice) == (
        "Mo Newperson",
        cast.river,
        cast.practice,
    )
    assert "Mo Newperson" in client.get(reverse("clients:caseload")).content.decode()


def test_a_missing_name_is_explained_and_the_rest_is_kept(client, cast):
    client.force_login(cast.river)
    response = client.post(
        reverse("clients:create"),
        {
            "chosen_name": "",
            "pronouns": "xe/xem",
            "self_description": "kept text",
            "version": 1,
        },
    )
    body = response.content.decode()
    assert 'id="id_chosen_name_errors"' in body and 'aria-invalid="true"' in body
    assert 'value="xe/xem"' in body and "kept text" in body
    assert Client.objects.count() == 2


def test_over_long_text_is_refused_next_to_the_field(client, cast):
    client.force_login(cast.river)
    response = client.post(reverse("clients:create"), {"chosen_name": "x" * 121, "version": 1})
    assert "at most 120 characters" in response.content.decode()


def test_an_edit_over_a_newer_save_is_refused_and_the_typed_text_kept(client, cast):
    client.force_login(cast.river)
    url = reverse("clients:edit", args=[cast.client.pk])
    opened_version = cast.client.version
    client.force_login(cast.client_user)
    client.post(
        reverse("portal:edit"), {"chosen_name": "Ash (client's change)", "version": opened_version}
    )
    client.force_login(cast.river)
    response = client.post(
        url, {"chosen_name": "Ash (therapist's change)", "version": opened_version}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this record" in body
    assert "Ash (therapist&#x27;s change)" in body
    assert Client.objects.get(pk=cast.client.pk).chosen_name == "Ash (client's change)"


def test_legal_name_is_kept_apart_from_the_portal(client, cast):
    cast.client.legal_name = "Legal Canaryname"
    cast.client.save()
    client.force_login(cast.river)
    assert "Legal Canaryname" in client.get(cast.client.get_absolute_url()).content.decode()
    client.force_login(cast.sam)
    assert "Legal Canaryname" not in client.get(cast.client.get_absolute_url()).content.decode()
    client.force_login(cast.client_user)
    assert "Legal Canaryname" not in client.get(reverse("portal:home")).content.decode()


def test_clinical_pages_are_not_cached(client, cast):
    client.force_login(cast.river)
    response = client.get(cast.client.get_absolute_url())
    assert "no-store" in response["Cache-Control"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_new_from_client_shows_on_caseload_and_record_until_seen(client, cast):
    from alongside.clients.activity import tell_therapist

    tell_therapist(cast.client, kind="comment", summary="commented on the formulation")
    tell_therapist(cast.client, kind="comment", summary="added their perspective")
    client.force_login(cast.river)
    assert "2 new from client" in client.get(reverse("clients:caseload")).content.decode()
    detail = client.get(cast.client.get_absolute_url()).content.decode()
    assert "commented on the formulation" in detail
    client.post(reverse("clients:seen", args=[cast.client.pk]))
    assert "new from client" not in client.get(reverse("clients:caseload")).content.decode()


def test_a_run_of_the_same_news_from_the_client_is_one_line_with_a_count(client, cast):
    from alongside.clients.activity import tell_therapist

    plan = reverse("plans:plan", args=[cast.client.pk])
    tell_therapist(cast.client, kind="comment", summary="added their perspective", url="/notes/1/")
    for section in ("values", "hopes", "signs"):
        tell_therapist(
            cast.client, kind="plan", summary="wrote in their plan", url=f"{plan}#section-{section}"
        )
    client.force_login(cast.river)
    detail = client.get(cast.client.get_absolute_url()).content.decode()
    news = detail.split('id="new-h"', 1)[1].split("</ul>", 1)[0]
    assert news.count("wrote in their plan") == 1
    assert f'<a href="{plan}">wrote in their plan</a> (3 times)' in news
    assert news.count("added their perspective") == 1 and "(1 time)" not in news


def test_only_news_in_a_row_is_collapsed_so_the_order_stays_true():
    from types import SimpleNamespace

    from alongside.clients.activity import in_runs

    def news(summary, url=""):
        return SimpleNamespace(summary=summary, url=url, created_at=None)

    runs = in_runs([news("a", "/p/#1"), news("a", "/p/#2"), news("b"), news("a", "/q/")])
    assert [(r.summary, r.url, r.count) for r in runs] == [
        ("a", "/p/", 2),
        ("b", "", 1),
        ("a", "/q/", 1),
    ]
    assert in_runs([news("a", "/p/"), news("a", "/q/")])[0].url == "/p/"


def test_the_power_map_link_says_whose_map_it_sits_beside_for_each_reader(client, cast):
    client.force_login(cast.river)
    page = client.get(cast.client.get_absolute_url()).content.decode()
    assert "the client's map beside yours" in page
    client.force_login(cast.sam)
    page = client.get(cast.client.get_absolute_url()).content.decode()
    assert "the client's map beside their therapist's" in page
    assert "beside yours" not in page
