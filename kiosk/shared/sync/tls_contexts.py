"""The two TLS contexts of a sync, one small function per side.

Trust rests on pinned certificates: the kiosk trusts exactly the certificates of
its paired laptops, the laptop checks the kiosk's fingerprint itself after the
handshake. Keeping each context in one function keeps every TLS choice in one place.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence

from kiosk.shared.sync.identity import Identity, ignore_peer_dates

__all__ = ["client_context", "server_context"]


def server_context(identity: Identity, laptop_certs: Sequence[str]) -> ssl.SSLContext:
    """The kiosk's context: its own certificate; paired laptops' certificates asked for and trusted."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(identity.cert_path, identity.key_path)
    if laptop_certs:
        context.load_verify_locations(cadata="\n".join(laptop_certs))
        context.verify_mode = ssl.CERT_OPTIONAL
        ignore_peer_dates(context)  # pinned laptops are trusted under any clock (identity.py)
    else:
        context.verify_mode = ssl.CERT_NONE
    return context


def client_context(identity: Identity, present_cert: bool) -> ssl.SSLContext:
    """The laptop's context: no CA check (the pinned fingerprint is checked instead)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    if present_cert:
        context.load_cert_chain(identity.cert_path, identity.key_path)
    return context
