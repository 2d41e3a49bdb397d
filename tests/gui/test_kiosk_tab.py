"""Teacher mode → Kiosk tells the truth about speech and the badge reader, live."""

from __future__ import annotations

from kiosk.pi.speech import SilentSpeaker, speech_status
from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import open_teacher_mode


def test_the_reader_line_follows_the_reader_live_and_says_when_it_is_fine(kiosk, shots):
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_kiosk)
    tab = teacher.tabs["kiosk"]
    assert tab.ids.reader_status.text == "Badge reader: the demo reader (no real badges)."
    kiosk.app._demo_reader.unplug()
    kiosk.pump(0.1)
    assert tab.ids.reader_status.text == f"Badge reader: offline. {kiosk.app.reader_detail}"
    assert "cable" in tab.ids.reader_status.text
    kiosk.screenshot("teacher-kiosk-reader-offline", shots)
    kiosk.app._demo_reader.plug_in()
    kiosk.pump(0.1)
    assert tab.ids.reader_status.text == "Badge reader: the demo reader (no real badges).", "back without switching tabs"


def test_speech_that_cannot_be_heard_is_shown_with_the_fix(tmp_path, shots):
    services = make_services(tmp_path / "data")
    services.speaker = SilentSpeaker(speech_status(espeak_found=True, player=None, muted=None))
    kiosk = KioskDriver(services)
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_kiosk)
    text = teacher.tabs["kiosk"].ids.speech_status.text
    assert text == "Speech: off, no audio player is installed. Install one: sudo apt install alsa-utils"
    assert not teacher.tabs["kiosk"].speech_ok
    kiosk.screenshot("teacher-kiosk-speech", shots)


def test_the_exit_question_never_outlives_teacher_mode(kiosk):
    """Teacher mode times out under an open question: the question goes with it."""
    from screens.pi.teacher import ExitQuestion

    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_kiosk)
    kiosk.tap(teacher.tabs["kiosk"].ids.exit)
    assert any(isinstance(w, ExitQuestion) for w in kiosk.window.children)
    kiosk.advance(125, step=1.0)
    assert kiosk.screen == "welcome"
    kiosk.pump(0.3)
    assert not any(isinstance(w, ExitQuestion) for w in kiosk.window.children), "no Close button left for a child"
    assert kiosk.app.root in kiosk.window.children


def test_a_player_that_finds_no_sound_device_is_shown_as_no_sound_device(tmp_path, shots):
    """espeak-ng and aplay "installed" (stand-ins), but aplay exits 1 as ALSA does with no sound card."""
    import sys
    import time

    from kiosk.pi.speech import EspeakSpeaker, silent_wav

    def script(name: str, body: str):
        path = tmp_path / name
        path.write_text(f"#!{sys.executable}\nimport sys\n{body}\n", encoding="utf-8")
        path.chmod(0o755)
        return path

    espeak = script("espeak-ng", f"open(sys.argv[sys.argv.index('-w') + 1], 'wb').write({silent_wav(0.1)!r})")
    (tmp_path / "bin").mkdir()
    aplay = script("bin/aplay", "sys.stderr.write('aplay: main:831: audio open error: No such file or directory\\n')\nsys.exit(1)")
    services = make_services(tmp_path / "data")
    services.speaker = EspeakSpeaker(tmp_path / "cache", espeak=str(espeak), player=(str(aplay), "-q"))
    end = time.monotonic() + 20
    while services.speaker.last_playback() is None and time.monotonic() < end:
        time.sleep(0.02)
    kiosk = KioskDriver(services)
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_kiosk)
    tab = teacher.tabs["kiosk"]
    assert tab.ids.speech_status.text == (
        "Speech: no sound device, so the children hear nothing. Connect a speaker or a screen with sound, then check: aplay -l"
    )
    assert not tab.speech_ok
    kiosk.screenshot("teacher-kiosk-no-sound-device", shots)
    kiosk.close()
