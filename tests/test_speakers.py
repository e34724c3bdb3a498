"""Several speakers (issue #20, item 5): `speakers:` and `**Name:**` labels in the script
model, each speaker's paragraphs said in its voice (told apart by pitch, measured here with
an autocorrelation of our own), and who said what kept in the transcript and the SRT."""

from __future__ import annotations

import numpy as np
import pytest
import srt

from helpers_speech import Counter, speech_cache, wav_samples  # noqa: F401
from studio.errors import StudioError
from studio.project import Project
from studio.script import load
from studio.speech.engines import EspeakEngine
from studio.speech.narrate import narrate
from studio.speech.voice import Voice
from studio.video import prepare_video
from studio.video.subtitles import write_subtitles

ESPEAK = Voice(engine="espeak")
CAST = "speakers:\n  Cán bộ xã: male\n  Chị Lan: female\n"
DRAMA = """\
## Ở trụ sở xã
Mời bà con nghe tiểu phẩm.

**Chị Lan:** Chào anh. Em muốn làm giấy khai sinh cho cháu.

**Cán bộ xã**: Chào chị Lan. Chị mang giấy chứng sinh là được.

**Chị Lan:** Em cảm ơn anh.
"""


def drama(project, front: str = CAST, body: str = DRAMA, name: str = "kich.md"):
    path = project.script(name, front="title: Kịch\nlang: vi\n" + front, body=body)
    return load(path, Project.at(project.root))


def pitch(samples: np.ndarray, rate: int) -> float:
    """Median F0 in Hz of the voiced 40 ms frames (autocorrelation peak in 70–400 Hz)."""
    x = samples.astype(float)
    size = int(0.04 * rate)
    found = []
    for i in range(0, len(x) - size, size // 2):
        frame = x[i:i + size] - x[i:i + size].mean()
        if np.sqrt(np.mean(frame ** 2)) < 500:
            continue
        ac = np.correlate(frame, frame, "full")[size - 1:]
        low, high = rate // 400, rate // 70
        lag = low + int(np.argmax(ac[low:high]))
        if ac[lag] > 0.3 * ac[0]:
            found.append(rate / lag)
    return float(np.median(found))


def test_labels_name_the_speaker_and_are_not_part_of_the_text(project):
    script = drama(project)
    said = [(p.speaker, p.text) for p in script.scenes[0].paragraphs]
    assert said == [(None, "Mời bà con nghe tiểu phẩm."),
                    ("Chị Lan", "Chào anh. Em muốn làm giấy khai sinh cho cháu."),
                    ("Cán bộ xã", "Chào chị Lan. Chị mang giấy chứng sinh là được."),
                    ("Chị Lan", "Em cảm ơn anh.")]
    assert [(s.name, s.voice) for s in script.speakers] == [("Cán bộ xã", "male"),
                                                            ("Chị Lan", "female")]


def test_without_speakers_bold_text_is_read_as_before(project):
    script = drama(project, front="", body="## A\n**Lưu ý:** mang theo giấy tờ.\n")
    (paragraph,) = script.scenes[0].paragraphs
    assert (paragraph.speaker, paragraph.text) == (None, "Lưu ý: mang theo giấy tờ.")


def test_a_speaker_may_have_its_own_speed_and_a_bad_one_is_refused_at_its_line(project):
    script = drama(project, front="speakers:\n  Chị Lan: {voice: female, speed: 1.2}\n",
                   body="## A\n**Chị Lan:** Chào anh.\n")
    assert script.speakers[0].speed == 1.2 and script.speakers[0].line == 5
    with pytest.raises(StudioError) as caught:
        drama(project, front="speakers:\n  Chị Lan: {voice: female, speed: 5}\n",
              body="## A\n**Chị Lan:** Chào anh.\n", name="b.md")
    assert caught.value.line == 5 and "speakers.Chị Lan.speed" in caught.value.message


def test_the_two_speakers_are_told_apart_by_pitch(project, speech_cache):
    script = drama(project)
    narration = narrate(script, voice=ESPEAK, project=Project.at(project.root))
    scene = narration.scenes[0]
    samples, rate = wav_samples(scene.wav)
    by_speaker: dict[str | None, list[float]] = {}
    for sentence in scene.sentences:
        piece = samples[int(sentence.start * rate):int(sentence.end * rate)]
        by_speaker.setdefault(sentence.speaker, []).append(pitch(piece, rate))
    female, male = by_speaker["Chị Lan"], by_speaker["Cán bộ xã"]
    assert min(female) > 1.4 * max(male)  # vi+f3 ~165 Hz, vi+m3 ~85 Hz
    assert max(male) < min(by_speaker[None]) < min(female)  # the narrator in between


def test_the_same_words_in_two_voices_are_two_clips(project, speech_cache, monkeypatch):
    counter = Counter(monkeypatch, EspeakEngine)
    body = "## A\n**Chị Lan:** Xin chào.\n\n**Cán bộ xã:** Xin chào.\n\nXin chào.\n"
    narrate(drama(project, body=body), voice=ESPEAK, project=Project.at(project.root))
    assert counter.calls == ["Xin chào."] * 3
    assert len(list(speech_cache.rglob("*.words.json"))) == 3


def test_an_unknown_voice_name_is_refused_with_a_suggestion(project, speech_cache):
    script = drama(project, front="speakers:\n  Chị Lan: femal\n",
                   body="## A\n**Chị Lan:** Chào anh.\n")
    with pytest.raises(StudioError) as caught:
        narrate(script, voice=ESPEAK, project=Project.at(project.root))
    assert caught.value.line == 5
    assert "speaker 'Chị Lan'" in caught.value.message and "'female'" in str(caught.value.hint)


def subtitles_of(project, script, style=None):
    job = prepare_video(script, formats=["270x480"], project=Project.at(project.root),
                        out=project.root / "out", allow_draft=True, voice=ESPEAK, style=style)
    written = write_subtitles(job)
    srt_file = next(p for p in written if p.suffix == ".srt")
    transcript = next(p for p in written if ".transcript" in p.name)
    return (list(srt.parse(srt_file.read_text(encoding="utf-8"))),
            transcript.read_text(encoding="utf-8"))


def test_the_transcript_and_the_srt_keep_who_said_what(project, speech_cache):
    cues, transcript = subtitles_of(project, drama(project))
    said = [line.split("] ", 1)[1] for line in transcript.splitlines()
            if line.startswith("[") and "] " in line][1:]  # after the scene heading
    assert said == ["Mời bà con nghe tiểu phẩm.",
                    "Chị Lan: Chào anh.", "Em muốn làm giấy khai sinh cho cháu.",
                    "Cán bộ xã: Chào chị Lan.", "Chị mang giấy chứng sinh là được.",
                    "Chị Lan: Em cảm ơn anh."]
    text = [" ".join(cue.content.split()) for cue in cues]
    turns = [t for t in text if t.startswith(("Chị Lan:", "Cán bộ xã:"))]
    assert len(turns) == 3 and turns[1].startswith("Cán bộ xã: Chào chị Lan.")
    assert sum(t.count("Chị Lan:") + t.count("Cán bộ xã:") for t in text) == 3  # once a turn


def test_subtitles_may_leave_the_names_out_but_the_transcript_keeps_them(project,
                                                                          speech_cache):
    cues, transcript = subtitles_of(project, drama(project), style={"speaker_names": "off"})
    assert not any(":" in cue.content for cue in cues)
    assert "Cán bộ xã: Chào chị Lan." in transcript


def test_the_example_radio_drama_has_two_voices(project):
    [path] = project.examples("kich-khai-sinh.md")
    script = load(path, Project.at(project.root))
    speakers = {p.speaker for s in script.scenes for p in s.paragraphs}
    assert script.is_approved and speakers == {None, "Cán bộ xã", "Chị Lan"}
    voices = {EspeakEngine().voice_for("vi", s.voice) for s in script.speakers}
    assert voices == {"vi+m3", "vi+f3"}


def test_a_speakers_paragraph_may_be_said_by_its_own_recording(project, speech_cache):
    from helpers_speech import tone
    recording = tone(project.root / "scripts" / "lan.wav", 1.5, freq=300)
    body = ("## A\nMời bà con nghe.\n\n**Chị Lan:** [voice](lan.wav) Chào anh.\n\n"
            "**Cán bộ xã:** Chào chị.\n")
    script = drama(project, body=body)
    lan = script.scenes[0].paragraphs[1]
    assert (lan.speaker, lan.text, lan.recording) == ("Chị Lan", "Chào anh.", recording)
    assert script.scenes[0].recording is None  # the scene itself is synthesised
    assert [p for p, _ in script.scenes[0].recordings] == [recording]

    scene = narrate(script, voice=ESPEAK, project=Project.at(project.root)).scenes[0]
    narrator, take, official = scene.sentences
    assert take.speaker == "Chị Lan" and take.words == ()  # video estimates a take's words
    assert narrator.end < take.start and take.end <= official.start
    assert 1.4 < take.end - take.start <= 1.55
    samples, rate = wav_samples(scene.wav)
    piece = samples[int((take.start + 0.2) * rate):int((take.end - 0.2) * rate)]
    assert pitch(piece, rate) == pytest.approx(300, rel=0.03)  # the recording, not espeak


def test_without_speakers_a_voice_link_in_a_paragraph_is_the_scenes(project):
    from helpers_speech import tone
    recording = tone(project.root / "scripts" / "all.wav", 1.0)
    script = drama(project, front="", body="## A\n**Lưu ý:** [voice](all.wav) Chào.\n")
    assert script.scenes[0].recording == recording
    assert script.scenes[0].paragraphs[0].recording is None


def test_a_speakers_pitch_moves_their_voice_and_keeps_its_length(project, speech_cache):
    front = "speakers:\n  Ông Ba: male\n  Ông Tư: {voice: male, pitch: 4}\n"
    body = "## A\n**Ông Ba:** Xin chào bà con cô bác.\n\n**Ông Tư:** Xin chào bà con cô bác.\n"
    scene = narrate(drama(project, front=front, body=body), voice=ESPEAK,
                    project=Project.at(project.root)).scenes[0]
    samples, rate = wav_samples(scene.wav)
    low, high = ([pitch(samples[int(s.start * rate):int(s.end * rate)], rate)]
                 for s in scene.sentences)
    assert high[0] / low[0] == pytest.approx(2 ** (4 / 12), rel=0.06)  # four semitones up
    ba, tu = scene.sentences
    assert tu.end - tu.start == pytest.approx(ba.end - ba.start, abs=0.05)
    assert tu.words[-1].end <= tu.end + 0.001


def test_a_pitch_out_of_range_is_refused_at_its_line(project):
    with pytest.raises(StudioError) as caught:
        drama(project, front="speakers:\n  Ông Tư: {voice: male, pitch: 20}\n",
              body="## A\n**Ông Tư:** Chào.\n")
    assert caught.value.line == 5 and "semitones" in caught.value.message


def test_an_engine_with_one_voice_says_male_lower(project, speech_cache):
    from studio.speech.cache import ClipCache
    from studio.speech.synth import script_cast
    from studio.speech.wav import Audio

    class OneVoice:  # gTTS: one voice a language, whatever the name
        name, online = "one", False

        def identity(self):
            return "one 1"

        def voice_for(self, lang, name=None):
            return lang

        def synthesize(self, spoken, *, voice, speed):
            t = np.arange(22050) / 22050
            return Audio((8000 * np.sin(2 * np.pi * 200 * t)).astype(np.int16))

    cast = script_cast(drama(project), OneVoice(), 1.0, ClipCache(speech_cache))
    lan, official, narrator = (cast(name).clip("Xin chào.") for name in
                               ("Chị Lan", "Cán bộ xã", None))
    assert pitch(lan.samples, lan.rate) == pytest.approx(200, rel=0.03)
    assert pitch(official.samples, official.rate) == pytest.approx(200 * 2 ** (-5 / 12),
                                                                    rel=0.04)
    assert pitch(narrator.samples, narrator.rate) == pytest.approx(200, rel=0.03)


def test_the_bulletin_transcript_names_who_speaks_at_each_turn(project):
    from studio.audio.onair import transcript
    from studio.audio.profiles import PROFILES
    said = transcript(drama(project), PROFILES["loudspeaker"], 1).split("\n\n")
    assert said[1:] == ["Mời bà con nghe tiểu phẩm.",
                        "Chị Lan: Chào anh. Em muốn làm giấy khai sinh cho cháu.",
                        "Cán bộ xã: Chào chị Lan. Chị mang giấy chứng sinh là được.",
                        "Chị Lan: Em cảm ơn anh.\n"]
