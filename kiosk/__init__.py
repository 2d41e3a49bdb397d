"""Choice Kiosk core: every rule and file of both programs. Never imports Kivy.

The folders say which program runs what:

- ``shared/``: both the kiosk and the teacher's laptop (domain, rules, clock, text and
  languages, durable files, sync formats, merge and the pinned-TLS client);
- ``pi/``: only the kiosk, on its Raspberry Pi (service, speech, storage of the choice
  log, the sync server, its install as a systemd service);
- ``laptop/``: only the teacher's laptop (its store, syncing kiosks, the review's
  figures and exports);
- ``bench/``: benchmarks and the independent checks behind them, run by ``choice-kiosk bench``.

``cli`` is the one console script for both programs. ``shared`` imports neither ``pi``
nor ``laptop``; ``pi`` and ``laptop`` never import each other (tests/shared/test_layering.py).
"""
