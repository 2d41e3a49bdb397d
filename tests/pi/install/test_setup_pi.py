"""setup-pi: the generated service read line by line and by systemd's own checker, the dry run, and
the one unit name the code, setup-pi's closing message and the README share."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kiosk.cli import main
from kiosk.pi.install.setup_pi import (
    DEBIAN_PACKAGES,
    MAINTENANCE,
    FileWrite,
    apply_plan,
    describe_plan,
    finish_message,
    setup_plan,
)
from kiosk.pi.install.unit import SERVICE_NAME, KioskUnit, journald_drop_in, service_unit
from tests.pi.install.as_the_unit import unit_settings as settings

CHOICE_KIOSK = Path(sys.executable).parent / "choice-kiosk"
UNIT = KioskUnit("nobody", CHOICE_KIOSK, Path("/srv/kiosk data"), Path("/srv/class.json"))


def test_the_service_runs_the_kiosk_full_screen_as_the_user_and_restarts_it():
    unit = settings(service_unit(UNIT))
    assert unit["User"] == ["nobody"]
    assert unit["Restart"] == ["always"] and unit["StartLimitIntervalSec"] == ["0"]
    assert unit["Type"] == ["notify"] and unit["WatchdogSec"] == ["30"] and unit["NotifyAccess"] == ["main"]
    assert unit["ExecStart"] == [f"{CHOICE_KIOSK} run --fullscreen --kiosk --data-dir '/srv/kiosk data' --classroom /srv/class.json"]
    assert "SDL_VIDEODRIVER=kmsdrm" in unit["Environment"] and "KIVY_WINDOW=sdl2" in unit["Environment"]
    assert "KIVY_HOME=/srv/kiosk data/kivy" in unit["Environment"]
    assert unit["UMask"] == ["0077"] and unit["TTYPath"] == ["/dev/tty1"] and unit["Conflicts"] == ["getty@tty1.service"]
    assert unit["WantedBy"] == ["multi-user.target"]


def test_systemd_accepts_the_service(tmp_path):
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: apt-get install systemd (see .ci/run)"
    path = tmp_path / "choice-kiosk.service"
    path.write_text(service_unit(KioskUnit("pi", CHOICE_KIOSK, tmp_path / "data")), encoding="utf-8")
    done = subprocess.run([analyze, "verify", "--man=no", str(path)], capture_output=True, text=True)
    problems = [line for line in done.stderr.splitlines() if "choice-kiosk.service" in line]
    assert done.returncode == 0 and problems == [], done.stderr


def test_systemd_rejects_a_broken_service(tmp_path):
    path = tmp_path / "choice-kiosk.service"
    text = service_unit(KioskUnit("nobody", tmp_path / "no-such-program", tmp_path / "data"))
    path.write_text(text.replace("Restart=always", "Restart=sometimes"), encoding="utf-8")
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", str(path)], capture_output=True, text=True)
    assert done.returncode != 0 and "no-such-program" in done.stderr


def test_the_journal_is_bounded():
    journal = settings(journald_drop_in())
    assert journal["SystemMaxUse"] == ["64M"] and journal["SystemMaxFileSize"] == ["8M"]


def test_the_plan_installs_packages_groups_files_then_enables_the_service():
    plan = setup_plan(UNIT)
    commands = [" ".join(step.argv) for step in plan if not isinstance(step, FileWrite)]
    assert commands[0].startswith("sudo apt-get install -y") and all(p in commands[0] for p in DEBIAN_PACKAGES)
    assert commands[1] == "sudo usermod --append --groups dialout,input,video,render,audio nobody"
    assert commands[-1] == "sudo systemctl enable choice-kiosk.service"
    assert [str(s.path) for s in plan if isinstance(s, FileWrite)] == [
        "/etc/systemd/system/choice-kiosk.service", "/etc/systemd/journald.conf.d/choice-kiosk.conf"]
    assert not any("apt-get" in " ".join(getattr(s, "argv", ())) for s in setup_plan(UNIT, install_packages=False))


def test_applying_installs_each_file_as_root_with_its_content():
    installed: list[tuple[str, str]] = []

    def run(argv):
        if argv[:2] == ("sudo", "install"):
            installed.append((argv[-1], Path(argv[-2]).read_text(encoding="utf-8")))

    apply_plan(setup_plan(UNIT), run)
    assert installed == [("/etc/systemd/system/choice-kiosk.service", service_unit(UNIT)),
                         ("/etc/systemd/journald.conf.d/choice-kiosk.conf", journald_drop_in())]


def test_dry_run_prints_every_file_and_command_and_changes_nothing(tmp_path, capsys):
    code = main(["setup-pi", "--dry-run", "--user", "nobody", "--data-dir", str(tmp_path / "data")])
    out = capsys.readouterr().out
    assert code == 0
    assert out == describe_plan(setup_plan(KioskUnit("nobody", CHOICE_KIOSK, tmp_path / "data")))
    assert "# file: /etc/systemd/system/choice-kiosk.service\n" in out and "$ sudo systemctl enable" in out
    assert not (tmp_path / "data").exists() and not Path("/etc/systemd/system/choice-kiosk.service").exists()


def test_bad_setup_requests_are_refused_with_a_reason(tmp_path, capsys):
    assert main(["setup-pi", "--dry-run", "--user", "root"]) == 2
    assert "run setup-pi as the Pi's own user" in capsys.readouterr().err
    assert main(["setup-pi", "--dry-run", "--user", "no-such-user-here"]) == 2
    assert "there is no user 'no-such-user-here'" in capsys.readouterr().err
    assert main(["setup-pi", "--dry-run", "--user", "nobody", "--classroom", str(tmp_path / "none.json")]) == 2
    assert "no classroom file at" in capsys.readouterr().err


def _readme_block(marker: str) -> list[str]:
    """The ```sh block after ``<!-- pi-boot: MARKER ... -->`` in the README (what .ci/pi-boot runs)."""
    lines = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(f"<!-- pi-boot: {marker} "))
    end = next(i for i in range(start + 2, len(lines)) if lines[i].strip() == "```")
    return [line.strip() for line in lines[start + 2 : end]]


def test_setup_pis_closing_message_and_the_readme_name_the_unit_setup_pi_writes():
    message = finish_message(UNIT)
    listed = [line.strip() for line in message.splitlines() if line.startswith("  ")]
    assert listed == list(MAINTENANCE) == _readme_block("maintenance")
    assert "(choice-kiosk.service)" in message and SERVICE_NAME == "choice-kiosk.service"
    for command in MAINTENANCE:
        words = command.split("#")[0].split()
        assert [w for w in words if w.startswith("choice-kiosk")] == [SERVICE_NAME.removesuffix(".service")], command
    assert "sudo systemctl restart choice-kiosk" in _readme_block("update")
    assert "`/etc/systemd/system/choice-kiosk.service`" in (Path(__file__).resolve().parents[3] / "README.md").read_text()


def test_the_class_file_is_checked_and_copied_into_the_kiosks_data_before_the_reboot(tmp_path, capsys):
    """The stick is gone at the first start: the unit names the copy in the data folder, made as the user."""
    demo = Path(__file__).resolve().parents[3] / "assets" / "demo" / "classroom.json"
    stick = tmp_path / "stick" / "my-class.json"
    stick.parent.mkdir()
    shutil.copy(demo, stick)
    data = tmp_path / "data"
    assert main(["setup-pi", "--dry-run", "--user", "nobody", "--data-dir", str(data), "--classroom", str(stick)]) == 0
    out = capsys.readouterr().out
    copy = data / "classroom.json"
    assert f"$ sudo -u nobody install -d -m 0700 {data}\n$ sudo -u nobody install -m 0600 {stick} {copy}\n" in out
    assert out.index(str(copy)) < out.index("# file: /etc/systemd/system/choice-kiosk.service")
    assert f"--classroom {copy}" in out and f"--classroom {stick}" not in out.split("ExecStart=")[1].splitlines()[0]
    assert not data.exists()


def test_a_class_file_that_is_not_a_class_is_refused_before_anything_is_set_up(tmp_path, capsys):
    for name, text, reason in (
        ("notes.json", "my class: Ana, Ben", "is not valid JSON (line 1)"),
        ("empty.json", "{}", "is not a Choice Kiosk classroom file"),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert main(["setup-pi", "--dry-run", "--user", "nobody", "--classroom", str(path)]) == 2
        captured = capsys.readouterr()
        assert reason in captured.err and captured.out == ""
