"""A commune's week on air, end to end and offline: scripts in three priorities made here,
built by `studio build`, then `studio programme` per slot — every output read back with an
independent tool (feedparser, icalendar, mutagen, ffmpeg's ebur128, numpy's FFT)."""

from __future__ import annotations

import datetime as dt
import json

import feedparser
import icalendar
import numpy as np
import pytest
from mutagen.id3 import ID3

from helpers_audio import decoded, ebur128
from helpers_cli import run_cli
from studio.audio import TIMING
from studio.audio.tones import SIGNAL_HZ

pytestmark = pytest.mark.slow
RATE = 44100
MONDAY = dt.date(2026, 12, 7)
COMMUNE = "organization: UBND xã Tân Thành\ndate: 2026-12-07\ntargets:\n  audio: [loudspeaker]\n"
WEEK = {
    "lu-quet.md": (
        "title: Khẩn cấp phòng, chống lũ quét\nlang: vi\npriority: khan-cap\n" + COMMUNE
        + "broadcast:\n  from: 2026-12-07\n  until: 2026-12-09\n  slots: [\"06:00\", 17:30]\n"
          "  area: [Thôn Nà Pàn]\n",
        "## Cảnh báo\n\nMưa lớn kéo dài, nguy cơ lũ quét và sạt lở đất rất cao.\n\n"
        "## Việc cần làm\n\nBà con không đi qua ngầm, tràn, không vớt củi trên suối.\n"),
    "duong.md": (
        "title: Road works on the market road\nlang: en\npriority: uu-tien\n" + COMMUNE
        + "broadcast:\n  from: 2026-12-07\n  until: 2026-12-11\n  slots: [\"17:30\"]\n"
          "  area: [Cụm loa số 2]\n",
        "## Notice\n\nThe road to the market is closed on Friday for repairs.\n"),
    "tiem-chung.md": (
        "title: Lịch tiêm chủng tháng Mười hai\nlang: vi\n" + COMMUNE
        + "broadcast:\n  from: 2026-12-07\n  until: 2026-12-13\n  slots: [\"06:00\"]\n",
        "## Lịch tiêm\n\nTrạm y tế xã tiêm chủng cho trẻ dưới năm tuổi vào sáng thứ Năm.\n"),
}
SLOT_TITLES = {
    "06:00": ["Khẩn cấp phòng, chống lũ quét", "Lịch tiêm chủng tháng Mười hai"],
    "17:30": ["Khẩn cấp phòng, chống lũ quét", "Road works on the market road"]}


def signal_share(samples: np.ndarray, rate: int) -> float:
    """How much of the energy between 300 Hz and 4 kHz lies within 15 Hz of the attention
    signal's two tones."""
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(len(samples), 1 / rate)
    band = (freqs > 300) & (freqs < 4000)
    near = np.zeros_like(band)
    for tone in SIGNAL_HZ:
        near |= np.abs(freqs - tone) < 15
    return float(spectrum[near & band].sum() / spectrum[band].sum())


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    """The week's project, built, with Monday's programmes made."""
    from helpers_project import ProjectMaker
    project = ProjectMaker(tmp_path_factory.mktemp("commune"))
    for name, (front, body) in WEEK.items():
        project.approved(name, front=front, body=body)
    project.script("nhap.md", front="title: Bản nháp\nlang: vi\n" + COMMUNE.replace(
        "targets:\n  audio: [loudspeaker]\n", "") + "broadcast:\n  slots: [\"06:00\"]\n")
    built = run_cli("build", "--offline", "--project", project.root, "-q")
    assert built.exit_code == 0, built.stderr
    made = run_cli("programme", MONDAY.isoformat(), "--offline", "--project", project.root,
                   "--json")
    assert made.exit_code == 0, made.stderr
    return project.root / "outputs", json.loads(made.stdout), made.stderr


def _reports(outputs):
    found = {}
    for path in outputs.glob("*/*.json"):
        report = json.loads(path.read_text(encoding="utf-8"))
        if "priority" in report:
            found[report["id"]] = (path.parent / report["file"], report)
    return found


def test_the_urgent_bulletin_is_audibly_urgent_and_the_normal_one_is_not(week):
    outputs, _, _ = week
    reports = _reports(outputs)
    urgent, about = reports["lu-quet"]
    normal, _ = reports["tiem-chung"]
    assert about["repeat"] == 3 and about["attention_signal"] and about["spoken_opening"]
    said = (urgent.with_suffix(".txt")).read_text(encoding="utf-8")
    assert said.count("Thông báo khẩn!") == 3 and said.count("Mưa lớn kéo dài") == 3
    for mp3, expected in ((urgent, True), (normal, False)):
        y, rate = decoded(mp3, RATE)
        head = y[int(TIMING.head * rate):int((TIMING.head + 2.4) * rate)]
        tail = y[-int((TIMING.tail + 2.4) * rate):-int(TIMING.tail * rate)]
        for part in (head, tail):
            share = signal_share(part, rate)
            assert (share > 0.5) if expected else (share < 0.05), (mp3.name, share)


def test_feed_playlist_and_calendar_parse_and_agree(week):
    outputs, _, _ = week
    reports = _reports(outputs)
    feed = feedparser.parse((outputs / "feed.xml").read_bytes())
    assert not feed.bozo
    titles = [e.title for e in feed.entries]
    assert titles == ["KHẨN: Khẩn cấp phòng, chống lũ quét",
                      "ƯU TIÊN: Road works on the market road",
                      "Lịch tiêm chủng tháng Mười hai"]  # priority first; the draft absent
    files = {p.name: (p, r) for p, r in reports.values()}
    playlist = (outputs / "playlist.m3u8").read_text(encoding="utf-8").splitlines()
    assert [line.split(",", 1)[1] for line in playlist[1::2]] == titles
    for entry, path_line, extinf in zip(feed.entries, playlist[2::2], playlist[1::2]):
        mp3, report = files[path_line.rsplit("/", 1)[-1]]
        assert mp3 == outputs / path_line
        assert int(entry.enclosures[0].length) == mp3.stat().st_size
        assert int(extinf.split(":")[1].split(",")[0]) == round(report["duration_ms"] / 1000)
    area = feedparser.parse((outputs / "feed_thon-na-pan.xml").read_bytes())
    assert [e.title for e in area.entries] == [titles[0], titles[2]]
    cal = icalendar.Calendar.from_ical((outputs / "schedule.ics").read_bytes())
    slots = sorted((e.decoded("dtstart").strftime("%H:%M"), str(e["summary"]))
                   for e in cal.walk("VEVENT"))
    assert slots == sorted([("06:00", titles[0]), ("17:30", titles[0]), ("17:30", titles[1]),
                            ("06:00", titles[2])])


def test_each_slot_has_a_programme_with_chapters_where_the_bulletins_are(week):
    outputs, printed, stderr = week
    assert "nhap.md: left out of the programme: draft, not approved" in stderr
    assert [p["chapters"] for p in printed["programmes"]] == [2, 2]
    for slot, entry in zip(("0600", "1730"), printed["programmes"]):
        mp3 = outputs / "programme" / f"2026-12-07_{slot}_programme.mp3"
        assert entry["file"] == str(mp3)
        report = json.loads(mp3.with_suffix(".json").read_text(encoding="utf-8"))
        tags = ID3(str(mp3))
        chapters = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
        toc = tags.getall("CTOC")[0]
        assert list(toc.child_element_ids) == [c.element_id for c in chapters]
        titles = [str(c.sub_frames["TIT2"]) for c in chapters]
        assert titles == SLOT_TITLES[f"{slot[:2]}:{slot[2:]}"]
        assert [c.start_time for c in chapters] == [c["start_ms"] for c in report["chapters"]]
        y, rate = decoded(mp3, RATE)
        for chapter in chapters:
            at = int(chapter.start_time / 1000 * rate)
            before = y[at - int(0.5 * rate):at].astype(float)
            after = y[at:at + int(2.4 * rate)].astype(float)
            assert np.sqrt(np.mean(before ** 2)) < 0.1 * np.sqrt(np.mean(after ** 2))
        first = y[int(chapters[0].start_time / 1000 * rate):][:int(2.4 * rate)]
        assert signal_share(first, rate) > 0.5  # the urgent bulletin opens the slot
        measured = ebur128(mp3)
        assert -19.0 <= measured["lufs"] <= -17.0 and measured["peak"] <= -2.0
        said = mp3.with_suffix(".txt").read_text(encoding="utf-8")
        assert said.index(titles[0]) < said.index(titles[1])
