"""Benchmarks of the real windows (``choice-kiosk bench ui|badge|review|flood``)."""
