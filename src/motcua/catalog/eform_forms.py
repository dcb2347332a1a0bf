"""A Django form built from an e-form definition (catalog.eforms), for the citizen portal.

``build_form(definition, wards=…, today=…, page=N)`` returns a form class asking the
questions of step N (every step when None): one question per screen is a definition with
one question a page. Its ``clean`` runs ``eforms.validate_answers`` — the one validation —
and puts each Vietnamese message next to its question; ``form.answers`` holds the cleaned
values. The widgets are plain text inputs (dates dd/mm/yyyy as ``core.fields``), radio
buttons for a short choice, and a ward list plus a street line for an address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms

from motcua.core.errors import DomainError, DomainErrors
from motcua.core.fields import DateInput

from .eforms import (
    ADDRESS_DETAIL_MISSING,
    EFormDef,
    FieldDef,
    FieldType,
    answer_keys,
    missing_error,
    validate_answers,
)

RADIO_MAX_OPTIONS = 5


def _attrs(f: FieldDef, **extra) -> dict:
    attrs = {"aria-required": "true"} if f.required else {}
    return {**attrs, **extra}


def _django_fields(f: FieldDef, wards: Mapping[str, str]) -> dict[str, forms.Field]:
    # Required as defined (the asterisk, the browser's hint) with the validator's message;
    # every other check is validate_answers'.
    missing = {"required": missing_error(f).message}
    common = {
        "label": f.label,
        "help_text": f.help_text,
        "required": f.required,
        "error_messages": missing,
    }
    if f.type == FieldType.ADDRESS:
        ward_key, detail_key = answer_keys(f)
        choices = [("", "— Chọn xã/phường —"), *wards.items()]
        return {
            ward_key: forms.ChoiceField(
                choices=choices, widget=forms.Select(attrs=_attrs(f)), **common
            ),
            detail_key: forms.CharField(
                label="Số nhà, đường/thôn, tổ dân phố",
                required=f.required,
                error_messages={"required": ADDRESS_DETAIL_MISSING},
                max_length=300,
                widget=forms.TextInput(attrs=_attrs(f, autocomplete="street-address")),
            ),
        }
    if f.type == FieldType.CHOICE:
        widget = (forms.RadioSelect if len(f.options) <= RADIO_MAX_OPTIONS else forms.Select)(
            attrs=_attrs(f)
        )
        blank = [] if len(f.options) <= RADIO_MAX_OPTIONS else [("", "— Chọn —")]
        choices = [*blank, *((o, o) for o in f.options)]
        return {f.key: forms.ChoiceField(choices=choices, widget=widget, **common)}
    widgets = {
        FieldType.TEXT: lambda: (
            forms.Textarea(attrs=_attrs(f, rows=4))
            if f.text_limit > 200
            else forms.TextInput(attrs=_attrs(f))
        ),
        FieldType.NUMBER: lambda: forms.TextInput(attrs=_attrs(f, inputmode="numeric")),
        FieldType.DATE: lambda: DateInput(attrs=_attrs(f)),
        FieldType.CITIZEN_ID: lambda: forms.TextInput(
            attrs=_attrs(f, inputmode="numeric", autocomplete="off", maxlength=20)
        ),
        FieldType.PHONE: lambda: forms.TextInput(
            attrs=_attrs(f, type="tel", inputmode="tel", autocomplete="tel")
        ),
    }
    widget = widgets.get(f.type, lambda: forms.TextInput(attrs=_attrs(f)))()
    # The validator applies the bounds; the browser limit is only a courtesy (+spaces).
    limit = f.text_limit if f.type == FieldType.TEXT else 40
    return {f.key: forms.CharField(max_length=limit + 50, widget=widget, strip=False, **common)}


class EFormForm(forms.Form):
    definition: EFormDef
    wards: Mapping[str, str]
    page: int | None
    today: dt.date

    def clean(self):
        cleaned = super().clean()
        answers = {name: value for name, value in cleaned.items() if value is not None}
        try:
            self.answers = validate_answers(
                self.definition, answers, wards=self.wards, today=self.today, page=self.page
            )
        except DomainErrors as several:
            self._add_errors(several.errors)
        except DomainError as error:
            self._add_errors([error])
        return cleaned

    def _add_errors(self, errors) -> None:
        for error in errors:
            f = self.definition.field(error.field or "")
            if f is None:
                self.add_error(None, error.message)
                continue
            names = answer_keys(f)
            name = names[-1] if error.code == "eform_address_detail" else names[0]
            if name not in self.errors:
                self.add_error(name, error.message)


def build_form(
    definition: EFormDef,
    *,
    wards: Mapping[str, str],
    today: dt.date,
    page: int | None = None,
) -> type[EFormForm]:
    """A form class asking the questions of ``page`` (all when None) in their order."""
    fields: dict[str, forms.Field] = {}
    for f in definition.fields_on(page):
        fields.update(_django_fields(f, wards))
    attrs = {
        **fields,
        "definition": definition,
        "wards": dict(wards),
        "page": page,
        "today": today,
    }
    return type("EFormPageForm", (EFormForm,), attrs)


__all__ = ["EFormForm", "build_form"]
