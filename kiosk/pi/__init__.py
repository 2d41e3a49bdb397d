"""What runs only on the kiosk (a Raspberry Pi in the classroom).

The service a child's turn goes through, speech, the choice log's storage, the sync
server the laptop talks to, and ``install``: the systemd service, setup and offline
install that put it on a Pi. The composition root is ``bootstrap.build_kiosk``.
"""
