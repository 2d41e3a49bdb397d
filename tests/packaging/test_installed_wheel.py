"""The offline install as a school's IT does it: a wheelhouse, a fresh venv, no index, no -e.

``choice-kiosk wheelhouse --host-only`` builds the bundle for this machine (pip reaches
the package index for the dependencies, as on an IT person's machine with internet);
the venv installs from that folder alone and starts the kiosk from outside the
checkout, offscreen, to Welcome. CI points CHOICE_KIOSK_WHEELHOUSE at the full bundle
it already built (.ci/arm64-smoke) to reuse it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.pi.install.kiosk_process import start_to_welcome

CHECKOUT = Path(__file__).resolve().parents[2]


def offline_pip_env() -> dict[str, str]:
    """No index and no find-links from the machine's pip configuration: only the bundle."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    return env


def wheelhouse(tmp_path: Path) -> Path:
    given = os.environ.get("CHOICE_KIOSK_WHEELHOUSE")
    if given:
        return Path(given)
    out = tmp_path / "wheelhouse"
    subprocess.run([sys.executable, "-m", "kiosk.cli", "wheelhouse", str(out), "--host-only"],
                   check=True, capture_output=True, cwd=CHECKOUT)
    return out


def test_the_wheelhouse_installs_without_an_index_and_the_kiosk_reaches_welcome(tmp_path):
    house = wheelhouse(tmp_path)
    assert (house / "SHA256SUMS").is_file()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--no-index", "--find-links", str(house), "choice-kiosk"],
                   check=True, env=offline_pip_env(), cwd=tmp_path)
    site = subprocess.run([str(venv / "bin" / "python"), "-c", "import assets, screens; print(assets.__file__, screens.__file__)"],
                          capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert str(CHECKOUT) not in site and str(venv) in site

    folder = tmp_path / "run"
    folder.mkdir()
    ready, code, err = start_to_welcome([str(venv / "bin" / "choice-kiosk")], folder)
    assert ready == "READY=1\nSTATUS=showing welcome"
    assert code == 0, err
    assert (folder / "data" / "config.json").is_file(), "the demo class came from the wheel's assets"
