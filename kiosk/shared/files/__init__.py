"""Crash-safe files both programs write: fsynced atomic writes, journals, one writer per folder."""
