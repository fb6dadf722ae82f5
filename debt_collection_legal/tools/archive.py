"""ZIP files of evidence and dossiers, each with a SHA-256 manifest a lawyer can check
(``sha256sum -c SHA256SUMS``)."""

import hashlib
import io
import re
import zipfile

MANIFEST = "SHA256SUMS"


def safe_name(name):
    """A file or folder name that is the same on every system."""
    return re.sub(r"[^\w.\-]+", "_", name or "file").strip("._") or "file"


def build_zip(files, manifest=MANIFEST):
    """A ZIP of ``[(path, bytes)]`` and the manifest of their SHA-256; paths kept unique."""
    buffer = io.BytesIO()
    seen, lines = set(), []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, raw in files:
            raw = raw or b""
            unique, number = path, 1
            while unique in seen:
                number += 1
                stem, dot, ext = path.rpartition(".")
                unique = f"{stem}-{number}.{ext}" if dot else f"{path}-{number}"
            seen.add(unique)
            archive.writestr(unique, raw)
            lines.append(f"{hashlib.sha256(raw).hexdigest()}  {unique}")
        archive.writestr(manifest, "\n".join(lines) + "\n")
    return buffer.getvalue()
