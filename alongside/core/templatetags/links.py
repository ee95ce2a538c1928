"""`{% load links %}`: `{{ value|web_url }}` and `{{ value|local_path }}` give the value only
when it is safe as a link target (see alongside.core.links), else "" so the template shows
text instead of a link. `{{ client.pk|path_to:"clients:detail" }}` is
`{% url "clients:detail" client.pk %}` for a list's rows, at a fraction of the cost
(links.path_by_id)."""

from django import template

from alongside.core import links

register = template.Library()

register.filter("web_url", links.web_url)
register.filter("local_path", links.local_path)


@register.filter
def path_to(pk, viewname: str) -> str:
    return links.path_by_id(viewname)(pk)
