"""Each side's TLS identity: a self-signed EC P-256 certificate and its key.

Kiosk and laptop each make one on first use, in their data directory (key 0600,
both written atomically), and pin the other's *fingerprint* — the SHA-256 of the
certificate's DER, in hex — at pairing. No certificate authority is involved.

Trust rests on the pinned certificate and the pairing key, never on a clock: a Pi
without a clock battery can wake at 1970 or 2038. So a certificate is valid from
1950 (the earliest time X.509 can say) to 9999-12-31 (RFC 5280's "no expiry"),
and a pinned peer's dates are not checked at all (:func:`ignore_peer_dates`), so
certificates made by older versions, valid for 30 years from their making, work
under any clock too.
"""

from __future__ import annotations

import hashlib
import secrets
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.shared.files.durable_io import FileOps, atomic_write, make_private_dir, make_private_file
from kiosk.shared.text.i18n import N_

__all__ = [
    "CERT_FILE",
    "KEY_FILE",
    "VALID_FROM",
    "VALID_UNTIL",
    "Identity",
    "fingerprint_of_der",
    "fingerprint_of_pem",
    "ignore_peer_dates",
    "load_or_create_identity",
]

CERT_FILE = "tls-cert.pem"
KEY_FILE = "tls-key.pem"
VALID_FROM = datetime(1950, 1, 1, tzinfo=UTC)
VALID_UNTIL = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
_NO_CHECK_TIME = 0x200000  # OpenSSL's X509_V_FLAG_NO_CHECK_TIME (not named in Python's ssl module)


@dataclass(frozen=True)
class Identity:
    """A certificate, its key file and its fingerprint."""

    cert_path: Path
    key_path: Path
    cert_pem: str
    fingerprint: str


def fingerprint_of_der(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def fingerprint_of_pem(pem: str) -> str:
    """Fingerprint of a PEM certificate; ``ValueError`` if it is not one."""
    try:
        cert = x509.load_pem_x509_certificate(pem.encode("ascii"))
    except (UnicodeEncodeError, ValueError) as exc:
        raise ValueError(f"not a PEM certificate ({exc})") from None
    return fingerprint_of_der(cert.public_bytes(serialization.Encoding.DER))


def _make(name: str) -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    # A unique subject per certificate: the kiosk trusts several self-signed laptop
    # certificates at once, and OpenSSL finds the issuer by subject name.
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, name[:64] or "choice-kiosk"),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, secrets.token_hex(16)),
    ])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(int.from_bytes(secrets.token_bytes(16), "big") >> 1)
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_UNTIL)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def ignore_peer_dates(context: ssl.SSLContext) -> None:
    """Verify a pinned peer's certificate without judging its dates by this machine's clock."""
    context.verify_flags = ssl.VerifyFlags(context.verify_flags | _NO_CHECK_TIME)


def load_or_create_identity(directory: Path, name: str, *, ops: FileOps | None = None) -> Identity:
    """The identity kept in ``directory``, made (key first, atomically) if missing."""
    ops = ops or FileOps()
    directory = Path(directory)
    make_private_dir(ops, directory)
    cert_path, key_path = directory / CERT_FILE, directory / KEY_FILE
    if not (cert_path.exists() and key_path.exists()):
        cert_pem, key_pem = _make(name)
        atomic_write(ops, key_path, key_pem, N_("the kiosk's sync key"))
        atomic_write(ops, cert_path, cert_pem, N_("the kiosk's sync certificate"))
    make_private_file(key_path)
    pem = cert_path.read_text(encoding="ascii")
    return Identity(cert_path, key_path, pem, fingerprint_of_pem(pem))
