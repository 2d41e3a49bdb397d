"""Benchmarks (``choice-kiosk bench ...``) and the independent checks they and the tests use.

Never imported by either program: nothing here runs in a classroom.
"""
