"""Kivy windows of Choice Kiosk: thin views over ``kiosk``.

``pi/`` is the kiosk's touchscreen app, ``laptop/`` the teacher's review window,
``shared/`` what both windows use, ``bench/`` the user-interface benchmarks.
"""
