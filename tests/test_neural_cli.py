"""The neural engine through the command line, in a project with a voice file in `voices/`:
speak, subtitles, audio and video speak with it; voices and doctor report it; a bad voice
file is one line and exit 2, never a dead process."""

from __future__ import annotations

import json
import wave

import numpy as np
import pytest
import srt

import helpers_neural as hn
from helpers_cli import error_lines, run_cli
from studio.speech.neural_phonemes import plan_sentence
from studio.speech.piper_model import config_path, read_voice

pytest.importorskip("sherpa_onnx")
pytest.importorskip("onnx")

FRONT = "title: Nước sạch\nid: nuoc-sach\nlang: vi\ndate: 2026-06-01\n{voice}"
BODY = ("## Mở đầu\n\nXin chào bà con.\n\n"
        "## Nội dung\n\nHôm nay, xã tổ chức tiêm chủng cho trẻ em dưới năm tuổi tại trạm y tế.\n")
NEURAL = "voice:\n  engine: neural\n"


@pytest.fixture
def voiced(project):
    """A project with a two-speaker tiny voice in voices/."""
    hn.write_voice(project.root / "voices", "vi_VN-tiny-x_low", speakers=2)
    return project


def wav_facts(path) -> tuple[float, float]:
    """A WAV's length in seconds and its tone's pitch (upward zero crossings a second)."""
    with wave.open(str(path), "rb") as w:
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
        rate = w.getframerate()
    loud = x[np.abs(x) > 300]
    return len(x) / rate, float(((loud[:-1] < 0) & (loud[1:] >= 0)).sum() / (len(loud) / rate))


def speak(project, text: str, name: str, *args: str):
    out = project.root / f"{name}.wav"
    result = run_cli("speak", text, "-o", out, "--engine", "neural", "--project", project.root,
                     *args)
    assert result.exit_code == 0, result.stderr
    return wav_facts(out)


def test_speak_length_follows_text_and_speed_and_pitch_follows_the_speaker(voiced):
    short, low = speak(voiced, "Xin chào bà con.", "short")
    long, _ = speak(voiced, "Xin chào bà con, hôm nay xã tổ chức tiêm chủng cho trẻ em.",
                    "long")
    fast, _ = speak(voiced, "Xin chào bà con, hôm nay xã tổ chức tiêm chủng cho trẻ em.",
                    "fast", "--speed", "2.0")
    _, high = speak(voiced, "Xin chào bà con.", "male", "--voice", "male")
    assert long > 2.5 * short
    assert fast == pytest.approx(long / 2, rel=0.05)
    assert low == pytest.approx(hn.BASE_HZ, rel=0.05)
    assert high == pytest.approx(hn.BASE_HZ + hn.STEP_HZ, rel=0.05)


def test_subtitles_follow_the_neural_voice(voiced):
    path = voiced.script("s.md", front=FRONT.format(voice=NEURAL), body=BODY)
    result = run_cli("subtitles", path, "--draft", "-f", "landscape", "--project", voiced.root)
    assert result.exit_code == 0, result.stderr
    out = voiced.root / "outputs" / "nuoc-sach"
    cues = list(srt.parse(next(out.glob("*landscape*.srt")).read_text(encoding="utf-8")))
    assert [" ".join(c.content.split()) for c in cues] == [
        "Xin chào bà con.", "Hôm nay, xã tổ chức tiêm chủng cho trẻ em dưới năm tuổi tại trạm y tế."]
    # the tiny voice speaks HOP samples an id: the sentence's cue lasts exactly that long
    voice = read_voice(voiced.root / "voices" / "vi_VN-tiny-x_low.onnx")
    tokens = frozenset(k for k, _ in voice.tokens) - {"_", "^", "$"}
    ids = plan_sentence(cues[1].content.replace("\n", " "), "vi", tokens).ids
    assert (cues[1].end - cues[1].start).total_seconds() == pytest.approx(
        ids * hn.HOP / hn.SAMPLE_RATE, abs=0.01)


def test_voices_lists_the_project_voice(voiced):
    result = run_cli("voices", "--json", "--project", voiced.root)
    assert result.exit_code == 0, result.stderr
    rows = [r for r in json.loads(result.stdout) if r["engine"] == "neural"]
    assert rows == [{"engine": "neural", "lang": "vi", "voice": "vi_VN-tiny-x_low",
                     "usable": True,
                     "detail": f"offline, {hn.SAMPLE_RATE} Hz, 2 speakers "
                               "(0 = speaker0, 1 = speaker1)"}]


def test_doctor_loads_the_voice_in_a_child_and_reports_a_broken_one(voiced):
    fine = run_cli("doctor", "--no-network", "--json", "--project", voiced.root)
    found = {f["name"]: f for f in json.loads(fine.stdout)}
    assert found["voice vi_VN-tiny-x_low"]["ok"] is True
    assert "loads and speaks" in found["voice vi_VN-tiny-x_low"]["detail"]
    assert found["tts neural"]["ok"] is True
    (voiced.root / "voices" / "vi_VN-tiny-x_low.onnx").write_bytes(b"\x08\x07garbage" * 40)
    broken = run_cli("doctor", "--no-network", "--json", "--project", voiced.root)
    assert broken.exit_code == 1
    found = {f["name"]: f for f in json.loads(broken.stdout)}
    assert found["voice vi_VN-tiny-x_low"]["ok"] is False
    assert "is not a readable ONNX model" in found["voice vi_VN-tiny-x_low"]["detail"]


@pytest.mark.parametrize("spoil, says", [
    ("corrupt", "is not a readable ONNX model"),
    ("foreign", "is not a Piper text-to-speech voice"),
    ("no-description", "has no vi_VN-tiny-x_low.onnx.json beside it"),
])
def test_a_bad_voice_file_is_one_line_and_exit_2(voiced, spoil, says):
    model = voiced.root / "voices" / "vi_VN-tiny-x_low.onnx"
    if spoil == "corrupt":
        model.write_bytes(model.read_bytes()[:300])
    elif spoil == "foreign":
        import onnx
        onnx.save(hn.non_tts_graph(), str(model))
    else:
        config_path(model).unlink()
    front = FRONT.format(voice=NEURAL + "  model: voices/vi_VN-tiny-x_low.onnx\n")
    path = voiced.script("s.md", front=front, body=BODY)
    result = run_cli("audio", path, "--draft", "--project", voiced.root)
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert line.startswith("error: ") and says in line and "Traceback" not in result.stderr
    assert not (voiced.root / "outputs" / "nuoc-sach").exists()


def test_a_model_without_metadata_is_given_it_and_speaks(voiced):
    """The files piper-voices ships have no ONNX metadata: sherpa alone would end the
    process; studio adds it from the .onnx.json (checked by test_neural too)."""
    import onnx
    model = voiced.root / "voices" / "vi_VN-tiny-x_low.onnx"
    assert not onnx.load(str(model)).metadata_props
    length, _ = speak(voiced, "Xin chào bà con.", "plain")
    assert length > 0.3


def test_no_voice_file_is_one_line(project):
    path = project.script("s.md", front=FRONT.format(voice=NEURAL), body=BODY)
    result = run_cli("audio", path, "--draft", "--project", project.root)
    assert result.exit_code == 2
    assert error_lines(result) == [
        "error: the neural engine has no voice file — copy a Piper voice (x.onnx with its "
        "x.onnx.json) into the project's voices/ folder, or set voice.model"]


@pytest.mark.slow
def test_audio_bulletin_speaks_with_the_neural_voice(voiced):
    path = voiced.script("s.md", front=FRONT.format(voice=NEURAL + "  name: male\n"), body=BODY)
    result = run_cli("audio", path, "--draft", "--project", voiced.root)
    assert result.exit_code == 0, result.stderr
    report = json.loads(next((voiced.root / "outputs" / "nuoc-sach").glob("*.json"))
                        .read_text(encoding="utf-8"))
    assert report["engine"] == "neural"


@pytest.mark.slow
def test_video_speaks_with_the_neural_voice_offline(voiced):
    path = voiced.script("s.md", front=FRONT.format(voice=NEURAL), body=BODY)
    result = run_cli("video", path, "--draft", "--offline", "--size", "180x320", "-q",
                     "--project", voiced.root)
    assert result.exit_code == 0, result.stderr
    out = voiced.root / "outputs" / "nuoc-sach"
    assert list(out.glob("*.mp4")) and list(out.glob("*.srt"))


def test_a_build_redoes_a_target_when_its_voice_file_is_replaced(voiced):
    from studio.build.fingerprint import HashCache
    from studio.build.plan import job_inputs
    from studio.build.targets import default_kinds
    from studio.script import load
    script = load(voiced.script("s.md", front=FRONT.format(voice=NEURAL), body=BODY),
                  voiced.proj)
    audio = default_kinds()["audio"]
    before = job_inputs(script, audio, "loudspeaker", voiced.proj, {}, HashCache())
    assert {"voice vi_VN-tiny-x_low.onnx", "voice description vi_VN-tiny-x_low.onnx.json"} \
        <= set(before)
    hn.write_voice(voiced.root / "voices", "vi_VN-tiny-x_low")  # another voice copied over
    after = job_inputs(script, audio, "loudspeaker", voiced.proj, {}, HashCache())
    assert after["voice vi_VN-tiny-x_low.onnx"] != before["voice vi_VN-tiny-x_low.onnx"]
    espeak = load(voiced.script("e.md", front=FRONT.format(voice="voice:\n  engine: espeak\n"),
                                body=BODY), voiced.proj)
    assert not any(k.startswith("voice") for k in
                   job_inputs(espeak, audio, "loudspeaker", voiced.proj, {},
                              HashCache()))


def test_the_checked_copy_goes_to_the_cache_folder_given(voiced, tmp_path):
    out = voiced.root / "hello.wav"
    result = run_cli("speak", "Xin chào bà con.", "-o", out, "--engine", "neural",
                     "--cache-dir", tmp_path / "given", "--project", voiced.root)
    assert result.exit_code == 0, result.stderr
    assert list((tmp_path / "given" / "neural").glob("*/model.onnx"))
