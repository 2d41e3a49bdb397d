"""Kivy screens of Choice Kiosk: thin views that call ``kiosk``'s service."""
