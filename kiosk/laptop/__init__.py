"""What runs only on the teacher's laptop: its store, syncing kiosks, the review.

``store`` keeps every paired kiosk's choices (through the crash-safe files in
``kiosk.shared.files``), ``sync`` runs one sync of one kiosk over the shared pinned-TLS
client, ``review/`` turns the choices into the figures the teacher sees, the
exports write them out, ``cli`` adds the laptop's commands.
"""
