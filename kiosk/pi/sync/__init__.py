"""The kiosk's side of sync: the HTTPS server a laptop talks to, and its neighbours.

``transport`` (sockets, TLS, limits) carries requests to ``routes`` (a table of
handlers testable without sockets); ``kiosk_side`` answers them from the kiosk's
storage; ``peer_route``/``peer_watch`` share who is where with the class's other
kiosks. Formats and merge rules shared with the laptop are in ``kiosk.shared.sync``.
"""
