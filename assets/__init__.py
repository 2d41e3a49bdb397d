"""The kiosk's pictures, fonts, catalogues and demo class, shipped inside the wheel.

A package (not a loose folder) so ``importlib.resources`` finds it in a checkout and
in a plain ``pip install`` alike.
"""
