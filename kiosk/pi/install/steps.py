"""A plan of set-up steps as plain values: files to write as root, commands to run.

Built by pure functions, so ``--dry-run`` prints exactly what a real run does and
tests read every step; carried out by ``apply_plan``, which stops at the first failure.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Command", "FileWrite", "Step", "apply_plan", "describe_plan"]


@dataclass(frozen=True)
class FileWrite:
    """A root-owned file, readable by all (systemd, journald and apt read it)."""

    path: Path
    content: str


@dataclass(frozen=True)
class Command:
    argv: tuple[str, ...]


Step = FileWrite | Command


def describe_plan(steps: Sequence[Step]) -> str:
    """What ``--dry-run`` prints: each file after ``# file: PATH``, each command after ``$``."""
    parts = []
    for step in steps:
        if isinstance(step, FileWrite):
            parts.append(f"# file: {step.path}\n{step.content}")
        else:
            parts.append(f"$ {shlex.join(step.argv)}\n")
    return "".join(parts)


def _write_as_root(step: FileWrite, run: Callable[[Sequence[str]], object]) -> None:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=step.path.suffix, delete=False) as tmp:
        tmp.write(step.content)
    try:
        run(("sudo", "install", "-D", "-m", "0644", "-o", "root", "-g", "root", tmp.name, str(step.path)))
    finally:
        os.unlink(tmp.name)


def apply_plan(steps: Sequence[Step], run: Callable[[Sequence[str]], object] | None = None) -> None:
    """Carry the plan out, stopping at the first step that fails."""
    run = run or (lambda argv: subprocess.run(list(argv), check=True))
    for step in steps:
        if isinstance(step, FileWrite):
            _write_as_root(step, run)
        else:
            run(step.argv)
