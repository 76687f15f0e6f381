"""Small real files for upload tests: a PDF that parses, a PNG, a broken PDF."""

from __future__ import annotations

import base64
import io

from pypdf import PdfWriter

# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# Starts like a PDF, but nothing after the header parses.
BROKEN_PDF = b"%PDF-1.7\n" + b"\x00garbage" * 50
