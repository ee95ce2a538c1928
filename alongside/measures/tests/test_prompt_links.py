"""A prompt's link names the prompt it opens: "Details" or "Record what you did" alone, in a
screen reader's list of links, says nothing about which prompt (a page can hold several)."""

from django.urls import reverse
from django.utils import timezone

from alongside.measures.tests import objects


def test_the_supervisors_details_link_names_the_prompt_and_its_day(client, cast):
    flag = objects.prompt(cast)
    client.force_login(cast.sam)
    body = client.get(reverse("measures:client", args=[cast.client.pk])).content.decode()
    day = flag.created_at.strftime("%-d %b %Y")
    assert f'Details<span class="visually-hidden"> (Rupture prompt, {day})</span>' in body


def test_a_followed_up_prompt_names_itself_too(client, cast):
    flag = objects.prompt(cast)
    flag.resolved_at = timezone.now()
    flag.save(update_fields=["resolved_at"])
    client.force_login(cast.river)
    body = client.get(reverse("measures:client", args=[cast.client.pk])).content.decode()
    assert 'What was done<span class="visually-hidden"> (Rupture prompt, ' in body
