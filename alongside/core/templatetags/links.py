"""`{% load links %}`: `{{ value|web_url }}` and `{{ value|local_path }}` give the value only
when it is safe as a link target (see alongside.core.links), else "" so the template shows
text instead of a link."""

from django import template

from alongside.core import links

register = template.Library()

register.filter("web_url", links.web_url)
register.filter("local_path", links.local_path)
