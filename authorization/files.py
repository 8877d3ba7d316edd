"""What an uploaded file really is, read from its bytes, never from its name.

Only PDF, JPEG and PNG are taken (issue 4 item 3). A name or a browser's
Content-Type is whatever the sender says; the first bytes and a parse are not.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from authorization.models import MAX_DOCUMENT_BYTES

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
SIGNATURES = [(b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG)]
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}


def content_type_of(upload) -> str:
    """The checked content type of `upload`, or a ValidationError."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    content_type = next((t for sig, t in SIGNATURES if head.startswith(sig)), None)
    if content_type is None or not _well_formed(upload, content_type):
        raise ValidationError(_("Upload a PDF, JPEG or PNG file."))
    return content_type


def _well_formed(upload, content_type: str) -> bool:
    try:
        if content_type == PDF:
            return _pdf_has_end(upload)
        return _image_parses(upload, PILLOW_FORMATS[content_type])
    finally:
        upload.seek(0)


def _pdf_has_end(upload) -> bool:
    upload.seek(max(upload.size - 1024, 0))
    return b"%%EOF" in upload.read()


def _image_parses(upload, expected_format: str) -> bool:
    from PIL import Image, UnidentifiedImageError  # WeasyPrint brings Pillow

    try:
        with Image.open(upload) as image:
            image.verify()
            return image.format == expected_format
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ):
        return False
