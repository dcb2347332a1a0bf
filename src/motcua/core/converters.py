"""URL converter for the national codes that appear in addresses.

Procedure codes (1.001193), agency identifiers (000.00.01.H29) and dossier codes
(000.00.01.H29-240115-0001) are letters, digits, dots and hyphens: one converter serves
them all, registered once as ``<ma:code>``.
"""

from django.urls import register_converter


class CodeConverter:
    regex = r"[0-9A-Za-z][0-9A-Za-z.\-]{0,63}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CodeConverter, "ma")
