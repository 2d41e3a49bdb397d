"""Putting the kiosk on a Raspberry Pi: the systemd service, setup-pi, the offline wheelhouse."""
