"""The person-first / identity-first choice says how the client wants to be spoken of; it
names no condition, so on their profile it can't read as a label describing them."""

from django.urls import reverse

from alongside.clients.models import NamingStyle

CONDITION_WORDS = ("autis", "a person with autism")


def profile_pages(client, cast) -> list[str]:
    client.force_login(cast.client_user)
    own = client.get(reverse("portal:home")).content.decode()
    client.force_login(cast.river)
    staff = client.get(cast.client.get_absolute_url()).content.decode()
    return [own, staff]


def test_identity_first_on_the_profile_names_no_condition(client, cast):
    cast.client.naming_style = NamingStyle.IDENTITY_FIRST
    cast.client.save(update_fields=["naming_style"])
    for page in profile_pages(client, cast):
        assert "Identity first: the identity before the word “person”" in page
        assert not any(word in page.lower() for word in CONDITION_WORDS)


def test_person_first_on_the_profile_names_no_condition(client, cast):
    cast.client.naming_style = NamingStyle.PERSON_FIRST
    cast.client.save(update_fields=["naming_style"])
    for page in profile_pages(client, cast):
        assert "Person first: the person before the diagnosis or disability" in page
        assert not any(word in page.lower() for word in CONDITION_WORDS)


def test_the_profile_asks_how_to_talk_about_the_client_not_how_they_are_described(client, cast):
    own, staff = profile_pages(client, cast)
    assert "How we talk and write about you" in own and "How to talk and write about them" in staff
    assert "like to be described" not in own + staff


def test_the_choice_is_stored_as_before_and_still_steers_the_checker(client, cast):
    client.force_login(cast.client_user)
    form = client.get(reverse("portal:edit")).content.decode()
    assert "which way round you want the words" in form
    response = client.post(
        reverse("portal:edit"),
        {"chosen_name": "Ash", "naming_style": "identity_first", "version": cast.client.version},
    )
    assert response.status_code == 302
    cast.client.refresh_from_db()
    assert cast.client.naming_style == "identity_first"
    assert cast.client.naming_preferences().identity_first
