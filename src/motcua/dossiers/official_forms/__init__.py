"""Biểu mẫu một cửa (Mẫu 01–07, Phụ lục I Thông tư 03/2025/TT-VPCP): data and rendering.

Build a form from context.py's dataclasses, then ``form_pdf``, ``form_html_context`` or
(for the Sổ theo dõi hồ sơ) ``register_xlsx`` from render.py. See docs/forms.md.
"""
