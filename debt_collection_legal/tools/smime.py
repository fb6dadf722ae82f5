"""S/MIME signatures of PEC receipts, checked with the system's OpenSSL.

A PEC provider signs every receipt it issues (multipart/signed, ``smime.p7s``). We check that the
receipt was not altered since it was signed and record who signed it; whether that signer is a
provider accredited by AgID is for a person to judge (its certificate is kept in the receipt).
"""

import logging
import subprocess
import tempfile
from email.parser import BytesHeaderParser

_logger = logging.getLogger(__name__)

SIGNED_TYPES = ("multipart/signed", "application/pkcs7-mime", "application/x-pkcs7-mime")
TIMEOUT = 30


def _openssl(args, data=None):
    return subprocess.run(
        ["openssl", *args], input=data, capture_output=True, timeout=TIMEOUT, check=False
    )


def check_signature(raw):
    """``(state, signer)`` of an e-mail as received: state is ``valid`` (the signature matches
    the content), ``invalid`` (it does not: altered or broken), ``unsigned``, or
    ``unchecked`` (no OpenSSL on the server); signer is the signing certificate's subject."""
    if not raw:
        return "unsigned", ""
    headers = BytesHeaderParser().parsebytes(raw)
    if headers.get_content_type() not in SIGNED_TYPES:
        return "unsigned", ""
    with tempfile.NamedTemporaryFile(suffix=".eml") as message:
        message.write(raw)
        message.flush()
        try:
            # -noverify: the signature against the content, not the chain of trust
            verified = _openssl(["smime", "-verify", "-noverify", "-in", message.name])
            pkcs7 = _openssl(["smime", "-pk7out", "-in", message.name])
            certificates = _openssl(["pkcs7", "-print_certs", "-noout"], pkcs7.stdout)
        except (OSError, subprocess.TimeoutExpired) as error:
            _logger.warning("PEC receipt signature not checked: %s", error)
            return "unchecked", ""
    subjects = [
        line.split("=", 1)[1].strip()
        for line in certificates.stdout.decode("utf-8", "replace").splitlines()
        if line.startswith("subject=")
    ]
    return ("valid" if verified.returncode == 0 else "invalid"), (subjects[0] if subjects else "")


def sign(content, certificate, key):
    """``content`` (a MIME entity, bytes) signed as multipart/signed with the PEM files
    ``certificate`` and ``key``: what a PEC provider does to a receipt (used by the demo and
    the tests, which play the provider)."""
    signed = _openssl(["smime", "-sign", "-signer", certificate, "-inkey", key], content)
    if signed.returncode:
        raise ValueError(signed.stderr.decode("utf-8", "replace"))
    return signed.stdout


def make_certificate(folder, organisation):
    """A self-signed certificate and key in ``folder`` (demo and tests): their paths."""
    certificate, key = f"{folder}/provider.pem", f"{folder}/provider.key"
    subject = f"/O={organisation}/CN=posta-certificata"
    made = _openssl(
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650"]
        + ["-subj", subject, "-keyout", key, "-out", certificate]
    )
    if made.returncode:
        raise ValueError(made.stderr.decode("utf-8", "replace"))
    return certificate, key
