"""Property tests of the decoders: random bytes, malformed frames, any chunking.

The oracle is an independent regex over the whole stream: an id may come out only if
its whole valid frame is in the bytes written (zero false ids), and every such frame
must come out, whatever the split into reads.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from device.frames import make_decoder
from tests.device.helpers import frame_for, oracle

FORMATS = st.sampled_from(["rdm6300", "id12", "line"])
hex_badges = st.text("0123456789ABCDEF", min_size=10, max_size=10)
line_badges = st.text("0123456789ABCDEFabcdef", min_size=4, max_size=32)


def decode_in_chunks(frame_format: str, stream: bytes, cuts: list[int]) -> tuple[list[str], int]:
    decoder = make_decoder(frame_format)
    badges, errors = [], 0
    bounds = [0, *sorted(cuts), len(stream)]
    for start, end in zip(bounds, bounds[1:]):
        decoded = decoder.feed(stream[start:end])
        badges += decoded.badges
        errors += len(decoded.errors)
    return badges, errors


def cuts_for(stream: bytes) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, len(stream)), max_size=max(1, len(stream)))


@st.composite
def malformed(draw, frame_format: str) -> bytes:
    """A valid frame with one byte changed, a piece cut out, or a wrong checksum."""
    frame = frame_for(frame_format, draw(line_badges if frame_format == "line" else hex_badges))
    how = draw(st.sampled_from(["replace", "cut", "checksum"]))
    if how == "replace":
        at = draw(st.integers(0, len(frame) - 1))
        return frame[:at] + bytes([draw(st.integers(0, 255))]) + frame[at + 1:]
    if how == "cut":
        start = draw(st.integers(0, len(frame) - 1))
        return frame[:start] + frame[draw(st.integers(start + 1, len(frame))):]
    if frame_format == "line":
        return frame[:-2] + b"#" + frame[-2:]
    return frame[:11] + b"%02X" % (int(frame[11:13], 16) ^ draw(st.integers(1, 255))) + frame[13:]


@settings(max_examples=300)
@given(st.data(), FORMATS, st.binary(max_size=300))
def test_random_bytes_never_crash_and_never_make_a_false_id(data, frame_format, stream):
    badges, _ = decode_in_chunks(frame_format, stream, data.draw(cuts_for(stream)))
    assert badges == oracle(frame_format, stream)


@settings(max_examples=200)
@given(st.data(), FORMATS)
def test_valid_frames_among_noise_and_malformed_frames_all_come_out(data, frame_format):
    pieces, planted = [], []
    for kind in data.draw(st.lists(st.sampled_from(["valid", "noise", "malformed"]), max_size=12)):
        if kind == "valid":
            badge = data.draw(line_badges if frame_format == "line" else hex_badges)
            planted.append(badge.upper())
            # A line reader's card number only stands alone after a line end.
            pieces.append((b"\n" if frame_format == "line" else b"") + frame_for(frame_format, badge))
        elif kind == "noise":
            pieces.append(data.draw(st.binary(max_size=40)))
        else:
            pieces.append(data.draw(malformed(frame_format)))
    stream = b"".join(pieces)
    badges, _ = decode_in_chunks(frame_format, stream, data.draw(cuts_for(stream)))
    assert badges == oracle(frame_format, stream)
    remaining = iter(badges)
    assert all(any(badge == got for got in remaining) for badge in planted), (planted, badges)


@given(st.data(), FORMATS)
def test_noise_that_cannot_start_a_frame_gives_exactly_the_planted_ids(data, frame_format):
    line = frame_format == "line"
    noise = (
        st.binary(max_size=30).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b"") + b"#\r\n")
        if line
        else st.binary(max_size=30).map(lambda b: b.replace(b"\x02", b""))
    )
    pieces, planted = [], []
    for is_frame in data.draw(st.lists(st.booleans(), max_size=12)):
        if is_frame:
            badge = data.draw(line_badges if line else hex_badges)
            planted.append(badge.upper())
            pieces.append(frame_for(frame_format, badge))
        else:
            pieces.append(data.draw(noise))
    stream = b"".join(pieces)
    badges, _ = decode_in_chunks(frame_format, stream, data.draw(cuts_for(stream)))
    assert badges == planted


@given(st.data(), st.sampled_from(["rdm6300", "id12"]))
def test_every_bad_checksum_is_counted_once(data, frame_format):
    frames = data.draw(st.lists(st.tuples(hex_badges, st.booleans()), max_size=10))
    stream = b""
    for badge, good in frames:
        frame = frame_for(frame_format, badge)
        stream += frame if good else frame[:11] + b"%02X" % (int(frame[11:13], 16) ^ 0x5A) + frame[13:]
    badges, errors = decode_in_chunks(frame_format, stream, data.draw(cuts_for(stream)))
    assert badges == [badge for badge, good in frames if good]
    assert errors == sum(1 for _, good in frames if not good)
