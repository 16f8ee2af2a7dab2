-- SPDX-License-Identifier: GPL-3.0-or-later
-- Text extracted from a document's files (OCR of a scan, the text of a PDF): one
-- row per file version, indexed for search together with the document's own text.
CREATE TABLE document_file_text (
    file_id TEXT PRIMARY KEY REFERENCES document_file(id),
    text TEXT NOT NULL,
    extracted_at TEXT NOT NULL
);
