from django import template

from motcua.core import formatting

register = template.Library()


@register.filter
def vnd(value):
    return formatting.format_vnd(value)


@register.filter
def ngay(value):
    return formatting.format_date(value)


@register.filter
def ngay_gio(value):
    return formatting.format_datetime(value)


@register.filter
def thu(value):
    return formatting.weekday_vi(value) if value else ""
