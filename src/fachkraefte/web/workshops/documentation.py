"""The check of uploaded photos ("Eindrücke"); slides are PDFs and go through ``core.uploads``.

A file counts as a photo by its content: Pillow must identify it as JPEG or PNG and verify it.
The size cap is the platform's upload cap. The stored name is generated, as for PDFs.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fachkraefte.web.core import uploads

IMAGE_TYPES = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}
# Decompression bombs: a photo of a workshop needs no more pixels than this.
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class CheckedImage:
    content: bytes
    size: int
    sha256: str
    content_type: str
    suffix: str


def check_image(upload: Any, *, field: str = "file") -> CheckedImage:
    """The upload's content if it is a readable JPEG or PNG within the size cap."""
    from PIL import Image

    name = getattr(upload, "name", "") or _("ohne Namen")
    cap = uploads.max_upload_bytes()
    content = uploads._read_capped(upload, cap)
    if len(content) > cap:
        message = _("Die Datei „%(name)s“ ist zu groß; erlaubt sind höchstens %(max)s.") % {
            "name": name,
            "max": uploads.size_text(cap),
        }
        raise ValidationError({field: message}, code="too_large")
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except Exception:  # Pillow raises many kinds of error on broken input; all mean "no image"
        kind, width, height = None, 0, 0
    if kind not in IMAGE_TYPES or width * height > MAX_PIXELS:
        message = _("Die Datei „%(name)s“ ist kein Foto im Format JPEG oder PNG (Inhalt geprüft).")
        raise ValidationError({field: message % {"name": name}}, code="not_image")
    content_type, suffix = IMAGE_TYPES[kind]
    return CheckedImage(
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content_type=content_type,
        suffix=suffix,
    )
