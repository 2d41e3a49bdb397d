"""The teacher's review window on the laptop (``choice-kiosk teacher``).

Thin Kivy screens over kiosk/laptop/review (figures) and kiosk/laptop (store, sync):
each screen asks the app for the current snapshot and range and draws what the
pure functions return.
"""
