"""The frame decoders on hand-made byte streams: valid ids out, every bad frame counted."""

from __future__ import annotations

import pytest

from device.errors import FrameErrorKind, ReaderSettingsError
from device.frames import FrameFormat, make_decoder, parse_frame_format
from tests.device.helpers import frame_for, id12_frame, line_frame, rdm6300_frame

BADGES = ["0A1B2C3D4E", "62E3086CED", "0000000000", "FFFFFFFFFF"]


def feed_all(frame_format: str, chunks: list[bytes]) -> tuple[list[str], list[FrameErrorKind]]:
    decoder = make_decoder(frame_format)
    badges: list[str] = []
    kinds: list[FrameErrorKind] = []
    for chunk in chunks:
        decoded = decoder.feed(chunk)
        badges += decoded.badges
        kinds += [error.kind for error in decoded.errors]
    return badges, kinds


@pytest.mark.parametrize("frame_format", ["rdm6300", "id12", "line"])
@pytest.mark.parametrize("badge", BADGES)
def test_a_valid_frame_gives_its_id(frame_format, badge):
    assert feed_all(frame_format, [frame_for(frame_format, badge)]) == ([badge], [])


@pytest.mark.parametrize("frame_format", ["rdm6300", "id12", "line"])
def test_a_frame_split_at_every_byte_boundary_gives_one_id(frame_format):
    frame = frame_for(frame_format, "62E3086CED")
    for cut in range(1, len(frame)):
        assert feed_all(frame_format, [frame[:cut], frame[cut:]]) == (["62E3086CED"], []), cut
    for first in range(1, len(frame)):
        for second in range(first + 1, len(frame)):
            chunks = [frame[:first], frame[first:second], frame[second:]]
            assert feed_all(frame_format, chunks) == (["62E3086CED"], [])


@pytest.mark.parametrize("frame_format", ["rdm6300", "id12", "line"])
def test_frames_fed_one_byte_at_a_time(frame_format):
    stream = b"".join(frame_for(frame_format, badge) for badge in BADGES)
    assert feed_all(frame_format, [bytes([b]) for b in stream]) == (BADGES, [])


@pytest.mark.parametrize("make", [rdm6300_frame, id12_frame])
def test_lower_case_hex_is_accepted_and_normalised(make):
    frame = make("0a1b2c3d4e", "4e".lower())
    assert make_decoder(make.__name__.split("_")[0]).feed(frame).badges == ["0A1B2C3D4E"]


@pytest.mark.parametrize("frame_format, make", [("rdm6300", rdm6300_frame), ("id12", id12_frame)])
def test_a_bad_checksum_is_counted_and_the_next_frame_still_read(frame_format, make):
    stream = make("0A1B2C3D4E", "00") + make("62E3086CED")
    assert feed_all(frame_format, [stream]) == (["62E3086CED"], [FrameErrorKind.BAD_CHECKSUM])


@pytest.mark.parametrize("frame_format", ["rdm6300", "id12"])
def test_junk_before_the_start_byte_is_one_error(frame_format):
    junk = b"\x00\xff garbage \x03\x03 more"
    stream = junk + frame_for(frame_format, "0A1B2C3D4E")
    assert feed_all(frame_format, [stream]) == (["0A1B2C3D4E"], [FrameErrorKind.NOISE])
    split = [junk[:5], junk[5:], frame_for(frame_format, "0A1B2C3D4E")]
    assert feed_all(frame_format, split) == (["0A1B2C3D4E"], [FrameErrorKind.NOISE])


def test_garbage_at_two_moments_is_two_errors():
    """A reader at the wrong baud rate sends garbage for every card: each card shows."""
    decoder = make_decoder("rdm6300")
    assert [e.kind for e in decoder.feed(b"\xf0\x0f\xfe", at=1.0).errors] == [FrameErrorKind.NOISE]
    assert decoder.feed(b"\xf0\x0f", at=1.01).errors == []
    assert [e.kind for e in decoder.feed(b"\xf0\x0f\xfe", at=5.0).errors] == [FrameErrorKind.NOISE]


@pytest.mark.parametrize("frame_format", ["rdm6300", "id12"])
def test_a_frame_cut_short_by_a_new_start_byte(frame_format):
    full = frame_for(frame_format, "0A1B2C3D4E")
    stream = full[:7] + full
    assert feed_all(frame_format, [stream]) == (["0A1B2C3D4E"], [FrameErrorKind.CUT_SHORT])


def test_an_rdm6300_decoder_rejects_id12_frames_with_a_hint():
    badges, kinds = feed_all("rdm6300", [id12_frame("0A1B2C3D4E")])
    assert badges == [] and kinds == [FrameErrorKind.BAD_END]
    message = make_decoder("rdm6300").feed(id12_frame("0A1B2C3D4E")).errors[0].message
    assert "id12" in message


def test_an_id12_decoder_rejects_rdm6300_frames():
    badges, kinds = feed_all("id12", [rdm6300_frame("0A1B2C3D4E") * 2])
    assert badges == [] and FrameErrorKind.BAD_END in kinds


def test_a_non_hex_character_in_a_frame():
    frame = rdm6300_frame("0A1B2C3D4E").replace(b"C", b"G")
    badges, kinds = feed_all("rdm6300", [frame + rdm6300_frame("62E3086CED")])
    assert badges == ["62E3086CED"] and kinds == [FrameErrorKind.BAD_CHARACTER]


def test_a_partial_frame_goes_stale_and_does_not_join_later_bytes():
    decoder = make_decoder("rdm6300", stale_after=0.5)
    frame = rdm6300_frame("0A1B2C3D4E")
    assert decoder.feed(frame[:6], at=10.0).items == []
    late = decoder.feed(frame[6:], at=11.0)
    assert late.badges == []
    assert [e.kind for e in late.errors] == [FrameErrorKind.CUT_SHORT, FrameErrorKind.NOISE]
    assert decoder.feed(frame[:6], at=12.0).items == []
    assert decoder.feed(frame[6:], at=12.1).badges == ["0A1B2C3D4E"]


@pytest.mark.parametrize("end", [b"\r", b"\n", b"\r\n", b"\n\r", b"\r\n\r\n"])
def test_line_readers_end_lines_with_cr_and_or_lf(end):
    stream = line_frame("0004567890", end) + line_frame("12345678", end)
    assert feed_all("line", [stream]) == (["0004567890", "12345678"], [])


def test_line_readers_keep_leading_zeros_and_upper_case_letters():
    assert feed_all("line", [b"00012345\r\nab12cd34\n"]) == (["00012345", "AB12CD34"], [])


@pytest.mark.parametrize(
    "line, kind",
    [
        (b"123", FrameErrorKind.WRONG_LENGTH),
        (b"1" * 33, FrameErrorKind.WRONG_LENGTH),
        (b"12 345", FrameErrorKind.BAD_CHARACTER),
        (b"\x021234567\x03", FrameErrorKind.BAD_CHARACTER),
    ],
)
def test_line_readers_reject_what_is_not_a_card_number(line, kind):
    assert feed_all("line", [line + b"\r\n" + b"87654321\r\n"]) == (["87654321"], [kind])


def test_an_endless_line_is_one_error_and_the_next_line_is_read():
    chunks = [b"9" * 20] * 10 + [b"\n87654321\n"]
    assert feed_all("line", chunks) == (["87654321"], [FrameErrorKind.WRONG_LENGTH])


def test_a_stale_partial_line_does_not_join_the_next_card():
    decoder = make_decoder("line")
    assert decoder.feed(b"12", at=1.0).items == []
    later = decoder.feed(b"87654321\r\n", at=3.0)
    assert later.badges == ["87654321"] and [e.kind for e in later.errors] == [FrameErrorKind.CUT_SHORT]
    assert make_decoder("line").feed(b"12").badges == []
    assert make_decoder("line").feed(b"1287654321\r\n").badges == ["1287654321"]


def test_frame_errors_carry_a_code_the_raw_bytes_and_an_actionable_message():
    error = make_decoder("rdm6300").feed(rdm6300_frame("0A1B2C3D4E", "00")).errors[0]
    assert error.code == "badge_frame_bad_checksum"
    assert error.raw == rdm6300_frame("0A1B2C3D4E", "00")
    assert "checksum" in str(error) and error.params == {"format": "rdm6300"}


def test_unknown_formats_are_refused_with_the_choices():
    with pytest.raises(ReaderSettingsError, match="rdm6300, id12, line"):
        parse_frame_format("wiegand")
    assert parse_frame_format("id12") is FrameFormat.ID12


def test_reader_errors_share_the_core_error_base_with_its_code_and_message():
    from device.errors import BadgeReaderError, port_error
    from kiosk.shared.text.errors import KioskError

    frame = make_decoder("rdm6300").feed(rdm6300_frame("0A1B2C3D4E", "00")).errors[0]
    port = port_error("/dev/ttyUSB9", FileNotFoundError(2, "No such file"))
    for error in (frame, port, ReaderSettingsError("bad baud"), BadgeReaderError("broken")):
        assert isinstance(error, KioskError) and error.message == str(error)
    assert (port.code, port.params, BadgeReaderError("broken").code) == (
        "port_missing", {"port": "/dev/ttyUSB9"}, "badge_reader_failed"
    )
