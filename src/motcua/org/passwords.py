"""The password rules (AUTH_PASSWORD_VALIDATORS), worded in Vietnamese.

Django's four validators, each with the project's wording: Django's Vietnamese catalogue
leaves the length rule in English, and the same words must show on every form that
sets a password (staff created or reset by an admin, one's own password change).
"""

from __future__ import annotations

from django.contrib.auth import password_validation as django_rules

MIN_LENGTH = 12
RULES_HELP = f"Ít nhất {MIN_LENGTH} ký tự, không quá phổ biến, không chỉ gồm chữ số."


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def __init__(self, min_length: int = MIN_LENGTH):
        super().__init__(min_length)

    def get_error_message(self):
        return "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự."

    def get_help_text(self):
        return f"Ít nhất {self.min_length} ký tự."


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "Mật khẩu quá giống tên đăng nhập, họ tên hoặc thư điện tử."


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self):
        return "Mật khẩu này quá phổ biến, dễ bị đoán."


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self):
        return "Mật khẩu không được chỉ gồm chữ số."
