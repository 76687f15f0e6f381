"""The one check and store for uploaded PDFs (call documents, proposal attachments).

A file counts as a PDF by its content, never by its name or the browser's content type: it
must start with ``%PDF-`` and parse with pypdf into at least one page. The size cap comes from
``settings.FACHKRAEFTE_MAX_UPLOAD_BYTES``. The stored name is generated (the uploaded name
is ignored), and the file appears under its final name in one step (written to a temporary
file beside it, then hard-linked), so no reader ever sees half a file.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import tempfile
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def max_upload_bytes() -> int:
    return int(getattr(settings, "FACHKRAEFTE_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def size_text(size: int) -> str:
    """``10 MB``, ``512 KB``: sizes as people read them (German decimal comma)."""
    if size >= 1024 * 1024:
        text = f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
        return f"{text.replace('.', ',')} MB"
    return f"{max(1, round(size / 1024))} KB"


@dataclass(frozen=True)
class CheckedPdf:
    content: bytes
    size: int
    sha256: str
    pages: int


def _read_capped(upload: Any, cap: int) -> bytes:
    """At most ``cap + 1`` bytes, so an oversized upload is never read whole into memory."""
    if isinstance(upload, bytes | bytearray):
        return bytes(upload[: cap + 1])
    if hasattr(upload, "seek"):
        upload.seek(0)
    chunks, total = [], 0
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        chunks.append(chunk)
        total += len(chunk)
        if total > cap:
            break
    return b"".join(chunks)


def _page_count(content: bytes) -> int:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            return 0
        return len(reader.pages)
    except Exception:  # pypdf raises many kinds of error on broken input; all mean "no PDF"
        return 0


def check_pdf(upload: Any, *, field: str = "file") -> CheckedPdf:
    """The upload's content if it is a readable PDF within the size cap; else a
    ``ValidationError`` for ``field`` whose message names the file."""
    name = getattr(upload, "name", "") or _("ohne Namen")
    cap = max_upload_bytes()
    declared = getattr(upload, "size", None)
    if declared is not None and declared > cap:
        raise _too_large(name, declared, cap, field)
    content = _read_capped(upload, cap)
    if len(content) > cap:
        raise _too_large(name, declared or len(content), cap, field)
    if not content:
        raise ValidationError(
            {field: _("Die Datei „%(name)s“ ist leer.") % {"name": name}}, code="empty"
        )
    pages = _page_count(content) if content.startswith(PDF_MAGIC) else 0
    if pages == 0:
        message = _(
            "Die Datei „%(name)s“ ist kein PDF (Inhalt geprüft). Bitte laden Sie ein lesbares, "
            "nicht verschlüsseltes PDF hoch."
        )
        raise ValidationError({field: message % {"name": name}}, code="not_pdf")
    return CheckedPdf(
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        pages=pages,
    )


def _too_large(name: str, size: int, cap: int, field: str) -> ValidationError:
    message = _("Die Datei „%(name)s“ ist %(size)s groß; erlaubt sind höchstens %(max)s.") % {
        "name": name,
        "size": size_text(size),
        "max": size_text(cap),
    }
    return ValidationError({field: message}, code="too_large")


def upload_help() -> Any:
    return format_lazy(
        gettext_lazy("Nur PDF (der Inhalt wird geprüft), höchstens {}."),
        size_text(max_upload_bytes()),
    )


def _store_on_disk(storage: FileSystemStorage, name: str, content: bytes) -> str:
    target = storage.path(name)
    directory = os.path.dirname(target)
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        if storage.file_permissions_mode is not None:
            os.chmod(temporary, storage.file_permissions_mode)
        while True:
            try:
                # A hard link never replaces an existing file and shows the whole file at once.
                os.link(temporary, target)
                return name
            except FileExistsError:
                name = storage.get_alternative_name(*os.path.splitext(name))
                target = storage.path(name)
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
                    raise
                os.replace(temporary, target)  # file systems without hard links
                return name
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def store_pdf(file_field: models.FileField, instance: models.Model, checked: CheckedPdf) -> str:
    """Store the checked content under a generated name in ``file_field``'s place; returns
    the stored name (to assign to the instance's field)."""
    return store_checked(file_field, instance, checked.content, suffix=".pdf")


def store_checked(
    file_field: models.FileField, instance: models.Model, content: bytes, *, suffix: str
) -> str:
    """Store content checked by its kind's check (PDF, image) under a generated name."""
    name = file_field.generate_filename(instance, f"{uuid.uuid4().hex}{suffix}")
    storage: Storage = file_field.storage
    if isinstance(storage, FileSystemStorage):
        return _store_on_disk(storage, name, content)
    return storage.save(name, ContentFile(content))


def delete_stored(file_field: models.FileField, name: str) -> None:
    if name:
        file_field.storage.delete(name)


def record_with_file_save(
    record: models.Model,
    name: str,
    *,
    actor: Any,
    changes: dict[str, Any],
    alliance: Any = None,
    field: str = "file",
) -> models.Model:
    """Save ``record`` with its already stored file ``name`` and its audit entry (``changes``,
    in ``alliance``'s trail) in one transaction; when either fails the stored file goes again,
    so nothing is half-written."""
    try:
        with transaction.atomic():
            getattr(record, field).name = name
            record.save()
            audit_record(
                actor=actor,
                instance=record,
                action=AuditEntry.Action.CREATE,
                changes=changes,
                alliance=alliance,
            )
    except BaseException:
        delete_stored(record._meta.get_field(field), name)
        raise
    return record


def record_with_file_delete(
    record: models.Model,
    *,
    actor: Any,
    changes: dict[str, Any],
    alliance: Any = None,
    field: str = "file",
) -> None:
    """Audit and delete ``record`` (inside the caller's transaction); its file goes once the
    deletion is committed, so a rolled-back deletion keeps it."""
    name = getattr(record, field).name
    file_field = record._meta.get_field(field)
    audit_record(
        actor=actor,
        instance=record,
        action=AuditEntry.Action.DELETE,
        changes=changes,
        alliance=alliance,
    )
    record.delete()
    transaction.on_commit(lambda: delete_stored(file_field, name))


def pdf_download(file: Any, *, filename: str) -> FileResponse:
    """A stored PDF as a download under a name we choose (never the uploaded one); 404 when
    the file has gone from the store. Ask the rules before calling this."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
