"""What runs only on the teacher's laptop: its store, syncing kiosks, the review.

``store`` opens the laptop's folder and hands each part its job (choice files, setup
records, photos, retention, paired kiosks; through the crash-safe files in
``kiosk.shared.files``); ``sync`` runs one sync of one kiosk: ``kiosk_link`` brings
each answer back typed over the shared pinned-TLS client and ``exchange`` applies it
to the store in one call. ``review/`` turns the choices into the figures the teacher
sees, the exports write them out, ``cli`` adds the laptop's commands.
"""
