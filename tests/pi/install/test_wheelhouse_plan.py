"""The wheelhouse's pip commands and checksum list, from plain values."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kiosk.pi.install.wheelhouse import Wheelhouse, checksums, download_commands, pi_platforms


def test_only_wheels_for_this_machine_and_each_pi_python():
    house = Wheelhouse(Path("/out"), Path("/src"), ("3.11", "3.13"), ("test",))
    host, py311, py313 = download_commands(house, Path("/out/choice_kiosk-0.1.0-py3-none-any.whl"), python="py")
    assert host == ["py", "-m", "pip", "download", "--only-binary=:all:", "--dest", "/out",
                    "/out/choice_kiosk-0.1.0-py3-none-any.whl[test]"]
    for command, abi in ((py311, "cp311"), (py313, "cp313")):
        assert "--only-binary=:all:" in command and command[command.index("--abi") + 1] == abi
        assert command[command.index("--python-version") + 1] == abi[2] + "." + abi[3:]
        assert "manylinux_2_17_aarch64" in command and "manylinux2014_aarch64" in command


def test_pi_platforms_stop_at_the_pis_glibc():
    tags = pi_platforms(36)
    assert tags[0] == "manylinux_2_36_aarch64" and "manylinux_2_37_aarch64" not in tags
    assert all(tag.endswith("_aarch64") for tag in tags)


def test_checksums_are_read_by_sha256sum(tmp_path):
    (tmp_path / "a-1-py3-none-any.whl").write_bytes(b"first")
    (tmp_path / "b-1-py3-none-any.whl").write_bytes(b"second")
    (tmp_path / "debs" / "bookworm-arm64").mkdir(parents=True)
    (tmp_path / "debs" / "bookworm-arm64" / "c_1_arm64.deb").write_bytes(b"third")
    (tmp_path / "debs" / "install.sh").write_text("#!/bin/sh\n")
    (tmp_path / "SHA256SUMS").write_text(checksums(tmp_path))
    assert [line.split("  ")[1] for line in checksums(tmp_path).splitlines()] == [
        "a-1-py3-none-any.whl", "b-1-py3-none-any.whl", "debs/bookworm-arm64/c_1_arm64.deb", "debs/install.sh"]
    assert subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=tmp_path).returncode == 0
    (tmp_path / "debs" / "bookworm-arm64" / "c_1_arm64.deb").write_bytes(b"changed on the stick")
    assert subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=tmp_path,
                          capture_output=True).returncode != 0
    (tmp_path / "debs" / "bookworm-arm64" / "c_1_arm64.deb").write_bytes(b"third")
    (tmp_path / "b-1-py3-none-any.whl").write_bytes(b"tampered")
    assert subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=tmp_path,
                          capture_output=True).returncode != 0


def test_a_folder_that_is_not_a_checkout_is_refused(tmp_path, capsys):
    from kiosk.cli import main

    assert main(["wheelhouse", str(tmp_path / "out"), "--project", str(tmp_path)]) == 2
    assert "is not a Choice Kiosk checkout" in capsys.readouterr().err
