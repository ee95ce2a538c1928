from django import template
from django.utils.safestring import mark_safe

from alongside.writing.editor import is_checked, render_region

register = template.Library()


@register.simple_tag
def language_region(bound_field):
    """Findings beside a textarea marked data-language-check="on"; nothing for any other."""
    if not is_checked(bound_field.field.widget):
        return ""
    return mark_safe(render_region(bound_field))  # noqa: S308 (a rendered, escaping template)
