"""The catalogue spreadsheet (.xlsx): reading an upload, writing an export and the template.

Layout (docs/catalog.md):
- sheet "Thủ tục": one row per procedure version;
- sheet "Giấy tờ": one row per document, linked to its version by
  (Mã thủ tục, Hiệu lực từ);
- sheet "Hướng dẫn": what each column holds and its allowed values (ignored on import).

``cells`` reads one raw cell value, ``columns`` is the table of columns (header, field,
reader, writer, guide text), ``reader`` turns an upload into ``VersionData`` rows and
located issues, ``writer`` writes the export and the template.
"""
