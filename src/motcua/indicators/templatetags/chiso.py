"""Numbers of the indicators pages, written the Vietnamese way: 2.971 · 15,81 · 71,43 %.

"No data" (None) prints as a dash, never as 0.
"""

from decimal import Decimal

from django import template

from ..report import NO_VALUE, number

register = template.Library()


@register.filter
def so(value):
    """A count: 2971 → '2.971'."""
    return number(value)


@register.filter
def diem(value):
    """A score or a number of days, 2 decimals: Decimal('15.81') → '15,81'."""
    if value is None:
        return NO_VALUE
    return number(Decimal(value))


@register.filter
def phan_tram(value):
    """A percentage: Decimal('71.43') → '71,43 %'."""
    if value is None:
        return NO_VALUE
    return f"{number(Decimal(value))} %"
