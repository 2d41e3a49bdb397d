"""Putting the kiosk on a Raspberry Pi: the systemd service, setup, offline install."""
