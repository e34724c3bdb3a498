"""On air without rendering: the `broadcast:` block, `check`'s air-date warnings, the transcript
and readings, the tags, and the folder's exports read back by independent parsers (feedparser,
icalendar) from reports and files made here."""

from __future__ import annotations

import datetime as dt
import json

import feedparser
import icalendar
import pytest
from mutagen.id3 import ID3

from helpers_audio import ffmpeg
from helpers_cli import run_cli
from studio.audio.onair import plays, transcript
from studio.audio.profiles import PROFILES
from studio.audio.result import AudioResult, report_dict
from studio.audio.tags import bulletin_name, id3_tags, write_tags
from studio.broadcast.exports import write_exports
from studio.errors import StudioError
from studio.media import Loudness
from studio.script import FINAL, load

LOUD = PROFILES["loudspeaker"]
URGENT = """\
    title: Khẩn cấp phòng, chống lũ quét
    id: lu-quet
    lang: vi
    priority: khan-cap
    organization: UBND xã Tân Thành
    date: 2026-12-07
    broadcast:
      from: 2026-12-07
      until: 2026-12-09
      slots: [17:30, "06:00"]
      area: [Thôn Nà Pàn]
    """
NORMAL = """\
    title: Lịch tiêm chủng tháng Mười hai
    id: tiem-chung
    lang: vi
    organization: UBND xã Tân Thành
    date: 2026-12-07
    broadcast:
      from: 2026-12-07
      until: 2026-12-13
      slots: ["06:00"]
    """
ENGLISH = """\
    title: Road works on the market road
    id: road-works
    lang: en
    priority: uu-tien
    date: 2026-12-07
    broadcast:
      slots: ["17:30"]
      area: [Cụm loa số 2]
    """


def test_the_broadcast_block_is_read_as_values(project):
    script = load(project.script("lu.md", front=URGENT), project.proj)
    block = script.broadcast
    assert block.slots == (dt.time(6, 0), dt.time(17, 30))  # YAML's 17:30 is 1050, base 60
    assert (block.start, block.until) == (dt.date(2026, 12, 7), dt.date(2026, 12, 9))
    assert block.area == ("Thôn Nà Pàn",)
    assert block.airs_at(dt.date(2026, 12, 8), dt.time(17, 30))
    assert not block.airs_at(dt.date(2026, 12, 10), dt.time(17, 30))
    assert not block.airs_at(dt.date(2026, 12, 8), dt.time(12, 0))
    assert load(project.script("n.md"), project.proj).broadcast is None


@pytest.mark.parametrize("block, message", [
    ("  from: 2026-12-09\n  until: 2026-12-07\n", "'broadcast.until' 2026-12-07 is before"),
    ("  slots: [\"25:00\"]\n", "slot '25:00' is not a time of day"),
    ("  slots: [6]\n", "slot 6 is not a time"),
    ("  repeats: 12\n", "'broadcast.repeats' must be a whole number from 1 to 9"),
    ("  aera: [Thôn 1]\n", "unknown key 'broadcast.aera'"),
])
def test_a_wrong_broadcast_block_is_one_error_at_its_line(project, block, message):
    path = project.script("s.md", front=f"title: Thử\nlang: vi\nbroadcast:\n{block}")
    with pytest.raises(StudioError) as caught:
        load(path, project.proj)
    assert caught.value.line == 4 and message in caught.value.message


def test_check_warns_about_expired_and_not_yet_valid_bulletins(project):
    today = dt.date.today()
    old = f"title: Cũ\nlang: vi\nbroadcast:\n  until: {today - dt.timedelta(days=1)}\n"
    new = f"title: Mới\nlang: vi\nbroadcast:\n  from: {today + dt.timedelta(days=2)}\n"
    current = f"title: Đang phát\nlang: vi\nbroadcast:\n  until: {today}\n"
    for name, front in (("cu.md", old), ("moi.md", new), ("nay.md", current)):
        project.script(name, front=front)
    result = run_cli("check", project.root / "scripts", "--project", project.root)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "air dates" in line]
    assert any("cu.md: line 4: expired" in line for line in warnings)
    assert any("moi.md: line 4: not on air yet" in line for line in warnings)
    assert not any("nay.md" in line for line in warnings)


def test_readings_come_from_the_run_then_the_script_then_the_priority(project):
    urgent = load(project.script("lu.md", front=URGENT), project.proj)
    normal = load(project.script("t.md", front=NORMAL), project.proj)
    twice = load(project.script("r.md", front=NORMAL.replace('"06:00"]', '"06:00"]\n      '
                                                            'repeats: 2')), project.proj)
    assert (plays(urgent, LOUD, None), plays(normal, LOUD, None)) == (3, 1)
    assert (plays(twice, LOUD, None), plays(urgent, LOUD, 1)) == (2, 1)


def test_the_transcript_says_what_is_heard_in_order(project):
    urgent = load(project.script("lu.md", front=URGENT,
                                 body="## A\n\nMưa lớn.\n\n## B\n\nKhông qua ngầm.\n"),
                  project.proj)
    text = transcript(urgent, LOUD, 3)
    assert text.count("Thông báo khẩn!") == 3 and text.count("[tín hiệu]") == 2
    assert text.index("[1/3]") < text.index("Mưa lớn.") < text.index("Không qua ngầm.") \
        < text.index("[2/3]")
    english = load(project.script("en.md", front=ENGLISH), project.proj)
    assert transcript(english, LOUD, 1).splitlines()[2] == "Important announcement!"


def _tiny_mp3(path, seconds=0.5):
    path.parent.mkdir(parents=True, exist_ok=True)
    ffmpeg("-f", "lavfi", "-i", f"sine=d={seconds}", "-ac", "1", "-c:a", "libmp3lame", "-b:a",
           "64k", "-id3v2_version", "0", str(path))
    return path


def test_an_english_bulletin_is_tagged_in_english_with_replaygain_area_and_slots(tmp_path,
                                                                                project):
    script = project.approve(project.script("en.md", front=ENGLISH))
    mp3 = _tiny_mp3(tmp_path / "en.mp3")
    write_tags(mp3, id3_tags(script, FINAL, LOUD, Loudness(-18.4, 3.0, -3.0)))
    tags = ID3(str(mp3))
    assert str(tags["TLAN"]) == "eng" and "COMM::vie" not in tags
    assert str(tags["COMM::eng"]).startswith("Priority: high. Approved by: ")
    assert str(tags["TCON"]) == "Speech"
    assert str(tags["TXXX:REPLAYGAIN_TRACK_GAIN"]) == "+0.40 dB"
    assert float(str(tags["TXXX:REPLAYGAIN_TRACK_PEAK"])) == pytest.approx(10 ** (-3 / 20))
    assert str(tags["TXXX:AREA"]) == "Cụm loa số 2" and str(tags["TXXX:SLOTS"]) == "17:30"


def _bulletin(project, out, name, front, seconds, draft=False):
    """A bulletin's MP3 and report, as render_narration writes them (without the render)."""
    script = load(project.script(name, front=front), project.proj)
    if not draft:
        script = project.approve(script.path)
    from studio.script import DRAFT
    release = DRAFT if draft else FINAL
    mp3 = _tiny_mp3(out / bulletin_name(script, LOUD, release, "mp3"), seconds)
    result = AudioResult(script=script, release=release, profile=LOUD, mp3=mp3,
                         report=mp3.with_suffix(".json"), waveform=None, wav=None,
                         duration=seconds, loudness=Loudness(-18.0, 3.0, -3.0),
                         master_loudness=None, engine="espeak", repeat=1)
    result.report.write_text(json.dumps(report_dict(result), ensure_ascii=False),
                             encoding="utf-8")
    return mp3


@pytest.fixture
def folder(project, tmp_path):
    out = tmp_path / "phat-thanh"
    made = {"normal": _bulletin(project, out / "a", "t.md", NORMAL, 1.2),
            "urgent": _bulletin(project, out / "b", "lu.md", URGENT, 2.4),
            "english": _bulletin(project, out, "en.md", ENGLISH, 1.6),
            "draft": _bulletin(project, out, "d.md", NORMAL.replace("tiem-chung", "nhap"), 0.8,
                               draft=True)}
    return out, made


def test_playlist_is_in_air_order_with_titles_and_real_durations(folder):
    out, made = folder
    write_exports(out)
    lines = (out / "playlist-draft.m3u8").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#EXTM3U"
    assert lines[1::2] == ["#EXTINF:2,KHẨN: Khẩn cấp phòng, chống lũ quét",
                               "#EXTINF:2,ƯU TIÊN: Road works on the market road",
                               "#EXTINF:1,Lịch tiêm chủng tháng Mười hai",
                               "#EXTINF:1,Lịch tiêm chủng tháng Mười hai"]
    assert lines[2::2] == ["b/" + made["urgent"].name, made["english"].name,
                           made["draft"].name, "a/" + made["normal"].name]  # by name


def test_feeds_parse_with_enclosures_of_the_real_sizes_in_air_order(folder):
    out, made = folder
    written = write_exports(out, base_url="http://loa.example/ban-tin/").paths
    assert out / "feed.xml" in written and out / "feed_thon-na-pan.xml" in written
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    items = feed.entries
    assert [i.title for i in items] == ["KHẨN: Khẩn cấp phòng, chống lũ quét",
                                        "ƯU TIÊN: Road works on the market road",
                                        "Lịch tiêm chủng tháng Mười hai"]  # no draft
    for item, key in zip(items, ("urgent", "english", "normal")):
        enclosure = item.enclosures[0]
        assert int(enclosure.length) == made[key].stat().st_size
        assert enclosure.type == "audio/mpeg"
        assert enclosure.href == "http://loa.example/ban-tin/" + made[key].relative_to(
            out).as_posix()
    assert items[0].itunes_duration == "00:00:02"
    assert items[0].published_parsed[:5] == (2026, 12, 6, 23, 0)  # 06:00 in Vietnam, in UTC
    assert (items[0].validity_start, items[0].validity_end) == ("2026-12-07", "2026-12-09")
    assert {t.term for t in items[0].tags} == {"khan-cap", "Thôn Nà Pàn"}
    area = feedparser.parse((out / "feed_thon-na-pan.xml").read_bytes())
    assert [i.title for i in area.entries] == [items[0].title, items[2].title]  # + everyone's


def test_the_calendar_has_an_event_at_each_slot_until_expiry(folder):
    out, made = folder
    write_exports(out)
    cal = icalendar.Calendar.from_ical((out / "schedule.ics").read_bytes())
    events = {(str(e["summary"]), e.decoded("dtstart")) for e in cal.walk("VEVENT")}
    assert events == {
        ("KHẨN: Khẩn cấp phòng, chống lũ quét", dt.datetime(2026, 12, 7, 6, 0)),
        ("KHẨN: Khẩn cấp phòng, chống lũ quét", dt.datetime(2026, 12, 7, 17, 30)),
        ("ƯU TIÊN: Road works on the market road", dt.datetime(2026, 12, 7, 17, 30)),
        ("Lịch tiêm chủng tháng Mười hai", dt.datetime(2026, 12, 7, 6, 0))}
    urgent = next(e for e in cal.walk("VEVENT") if e.decoded("dtstart").hour == 17
                  and "KHẨN" in str(e["summary"]))
    assert urgent["rrule"]["UNTIL"][0] == dt.datetime(2026, 12, 9, 17, 30)
    assert urgent.decoded("duration") == dt.timedelta(seconds=2)
    assert int(urgent["priority"]) == 1 and str(urgent["location"]) == "Thôn Nà Pàn"


def test_exports_are_the_same_bytes_for_the_same_bulletins(folder):
    out, _ = folder
    first = {p: p.read_bytes() for p in write_exports(out).paths}
    assert {p: p.read_bytes() for p in write_exports(out).paths} == first


def test_a_folder_without_bulletins_gets_no_exports(tmp_path):
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    assert write_exports(tmp_path).paths == ()
    assert write_exports(tmp_path / "missing").paths == ()


def test_the_report_says_when_the_offline_voice_took_over(project, tmp_path):
    from studio.audio.render import voice_warnings
    from studio.speech.model import Narration
    script = project.approve(project.script("t.md", front=NORMAL))
    fell_back = Narration(script_id="t", lang="vi", engine="espeak", scenes=(),
                          requested="auto")
    asked = Narration(script_id="t", lang="vi", engine="espeak", scenes=(), requested="espeak")
    assert voice_warnings(asked) == ()
    (line,) = voice_warnings(fell_back)
    assert "offline voice (espeak-ng)" in line and not line.startswith("notice")
    result = AudioResult(script=script, release=FINAL, profile=LOUD, mp3=tmp_path / "x.mp3",
                         report=tmp_path / "x.json", waveform=None, wav=None, duration=1.0,
                         loudness=Loudness(-18.0, 3.0, -3.0), master_loudness=None,
                         engine="espeak", requested="auto", warnings=(line,))
    report = report_dict(result)
    assert report["warnings"] == [line]
    assert report["speech"] == {"engine": "espeak", "requested": "auto", "offline": True,
                               "fell_back": True}
    assert report["broadcast"]["slots"] == ["06:00"]


TAY = """\
    title: Pjạ quyền cần
    id: quyen-con-nguoi-tay
    lang: tay
    date: 2026-12-07
    """


def test_the_feed_and_each_item_say_their_language_as_bcp47(folder, project, tmp_path):
    out, _ = folder
    write_exports(out)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.language == "vi"  # two of the three approved bulletins
    assert [item.language for item in feed.entries] == ["vi", "en", "vi"]
    tay = tmp_path / "tay"
    _bulletin(project, tay, "tay.md", TAY, 1.0)
    write_exports(tay)
    alone = feedparser.parse((tay / "feed.xml").read_bytes())
    # ISO 639-3's Tày: its "tay" is Atayal, a language of Taiwan
    assert alone.feed.language == "tyz" and alone.entries[0].language == "tyz"
