"""The teacher's laptop: its store of every paired kiosk's choices, and syncing.

``store`` keeps the data (TinyDB through the kiosk's crash-safe storage layer),
``client`` talks to a kiosk over pinned TLS, ``sync`` runs one sync of one
kiosk, ``cli`` adds the ``pair``, ``sync`` and ``unpair`` commands.
"""
