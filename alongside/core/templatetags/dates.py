"""`{% load dates %}`: `{{ client.last_session_on|day:"SHORT_DATE_FORMAT" }}` is
`|date:"SHORT_DATE_FORMAT"` for a calendar day, formatted once per process (core.dates)."""

from django import template

from alongside.core.dates import day

register = template.Library()
register.filter("day", day, expects_localtime=True)
