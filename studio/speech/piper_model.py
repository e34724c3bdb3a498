"""A Piper-format voice file (`x.onnx` + `x.onnx.json`), checked fully before any runtime
sees it: sherpa-onnx ends the whole process (not an exception) on a model without its
metadata or of a foreign kind, so studio reads the graph with the `onnx` package, refuses
what is not a Piper voice in one line, and hands sherpa a cached copy with the metadata added
from the `.onnx.json` and a `tokens.txt` built from its `phoneme_id_map`."""

from __future__ import annotations

import functools
import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from studio.errors import SpeechError
from studio.fsutil import atomic_output, write_text_atomic
from studio.project import FileKind, read_file_bytes, readable_file
from studio.speech.piper_contract import (CONFIG_SUFFIX, INT64, FLOAT, MAX_CONFIG_BYTES,
                                          MAX_MODEL_BYTES, OPTIONAL_INPUTS, PAD, BOS, EOS,
                                          REQUIRED_INPUTS, TRIAL_SECONDS, language_name)

EXTRA = 'pip install "studio[neural]"'
PREPARED_VERSION = "1"  # bump when the prepared copy's metadata changes


@dataclass(frozen=True)
class PiperVoice:
    """What a voice's `.onnx.json` says, with the model's path and content hash."""

    model: Path
    sha256: str
    sample_rate: int
    speakers: int
    speaker_ids: tuple[tuple[str, int], ...]  # name → id, from `speaker_id_map`
    espeak_voice: str
    language: str  # the two-letter code, e.g. "vi"
    tokens: tuple[tuple[str, int], ...]  # single code point → id, from `phoneme_id_map`
    noise_scale: float
    length_scale: float
    noise_w: float

    @property
    def name(self) -> str:
        """The voice's name as people know it (`vi_VN-vais1000-medium`)."""
        return self.model.stem


def config_path(model: Path) -> Path:
    """The `.onnx.json` beside a model."""
    return model.with_name(model.name + ".json")


def voice_error(model: Path, message: str, hint: str) -> SpeechError:
    """A problem with a voice file, named by the file."""
    return SpeechError(message, file=model, hint=hint)


def require_runtime() -> None:
    """The optional packages the neural voice needs, or one line naming the extra."""
    import importlib.util
    missing = [name for name in ("onnx", "sherpa_onnx") if importlib.util.find_spec(name) is None]
    if missing:
        raise SpeechError(f"the neural voice needs {' and '.join(missing)}, which is not installed",
                          hint=f"install studio's neural extra: {EXTRA}")


def file_sha256(path: Path) -> str:
    """The model's content hash (names its prepared copy, and is part of the cache key);
    hashed once per process while the file's size and time stay the same."""
    info = path.stat()
    return _hashed(str(path.resolve()), info.st_size, info.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _hashed(path: str, _size: int, _mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _number(raw: object, default: float) -> float:
    """A positive number from the description, else `default` (a zero scale would divide)."""
    usable = isinstance(raw, (int, float)) and not isinstance(raw, bool) and 0 < raw < 100
    return float(raw) if usable else default


def single_code_points(raw: object) -> tuple[tuple[str, int], ...]:
    """`phoneme_id_map` as (code point, id): keys of one code point with an integer id (a key
    of several code points cannot be a sherpa token)."""
    if not isinstance(raw, dict):
        return ()
    return tuple((key, ids[0]) for key, ids in raw.items()
                 if isinstance(key, str) and len(key) == 1 and isinstance(ids, list) and ids
                 and isinstance(ids[0], int) and not isinstance(ids[0], bool) and ids[0] >= 0)


def speaker_map(raw: object) -> tuple[tuple[str, int], ...]:
    """`speaker_id_map` as (name, id), in id order."""
    if not isinstance(raw, dict):
        return ()
    pairs = [(str(k), v) for k, v in raw.items() if isinstance(v, int) and not isinstance(v, bool)]
    return tuple(sorted(pairs, key=lambda pair: pair[1]))


COPY_AGAIN = "copy the .onnx.json that came with the voice again"
USE_PIPERS = "use a Piper voice's own .onnx.json (e.g. from rhasspy/piper-voices)"


def description_data(where: Path, text: str) -> dict:
    """The `.onnx.json` as a JSON object, or one line saying it is none."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise voice_error(where, "the voice description is not valid JSON "
                                 f"({exc.msg}, line {exc.lineno})", COPY_AGAIN) from None
    if not isinstance(data, dict):
        raise voice_error(where, "the voice description is not Piper's", COPY_AGAIN)
    return data


def sections(data: dict, *keys: str) -> list[dict]:
    """The description's blocks by name (an absent or odd one as empty)."""
    return [data[k] if isinstance(data.get(k), dict) else {} for k in keys]


def parse_config(model: Path, text: str) -> PiperVoice:
    """The voice described by its `.onnx.json` text (refused when it is not Piper's)."""
    where = config_path(model)
    data = description_data(where, text)
    tokens = single_code_points(data.get("phoneme_id_map"))
    if not {PAD, BOS, EOS} <= {key for key, _ in tokens}:
        raise voice_error(where, "the voice description has no Piper 'phoneme_id_map' "
                                 "(with _ ^ $)", USE_PIPERS)
    audio, espeak, inference, lang = sections(data, "audio", "espeak", "inference", "language")
    rate = audio.get("sample_rate")
    if not isinstance(rate, int) or not 8000 <= rate <= 48000:
        raise voice_error(where, "the voice description has no usable audio.sample_rate "
                                 f"({rate!r})", USE_PIPERS)
    speakers = data.get("num_speakers", 1)
    code = str(lang.get("code") or espeak.get("voice") or "")
    return PiperVoice(
        model=model, sha256="", sample_rate=rate,
        speakers=speakers if isinstance(speakers, int) and speakers > 0 else 1,
        speaker_ids=speaker_map(data.get("speaker_id_map")),
        espeak_voice=str(espeak.get("voice") or code.split("_")[0] or "vi"),
        language=code.replace("-", "_").split("_")[0].lower(), tokens=tokens,
        noise_scale=_number(inference.get("noise_scale"), 0.667),
        length_scale=_number(inference.get("length_scale"), 1.0),
        noise_w=_number(inference.get("noise_w"), 0.8))


def read_voice(model: Path) -> PiperVoice:
    """The voice at `model`: both files readable, its description parsed, its hash taken."""
    readable_file(model, FileKind("voice model", max_bytes=MAX_MODEL_BYTES, error=SpeechError))
    where = config_path(model)
    if not where.is_file():
        raise voice_error(model, f"the voice has no {where.name} beside it",
                          f"copy the voice's {CONFIG_SUFFIX} file next to it (Piper voices "
                          "come as two files)")
    raw = read_file_bytes(where, FileKind("voice description", max_bytes=MAX_CONFIG_BYTES,
                                         error=SpeechError))
    text = raw.decode("utf-8", "replace")
    voice = parse_config(model, text)
    return replace(voice, sha256=file_sha256(model))


def graph_problem(model) -> str | None:
    """What keeps an ONNX graph from being a Piper voice, or None: inputs `input` [1,N] int64,
    `input_lengths` [1] int64, `scales` [3] float32 (optional `sid` [1] int64), in that
    order (sherpa passes them by position); a float32 audio output."""
    initializers = {i.name for i in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in initializers]
    names = [i.name for i in inputs]
    wanted = [name for name, _type, _rank in REQUIRED_INPUTS]
    if names[:3] != wanted or any(n not in OPTIONAL_INPUTS for n in names[3:]):
        return f"its inputs are {names or 'none'}, not Piper's {wanted} (+ sid)"
    for value, (name, kind, rank) in zip(inputs, (*REQUIRED_INPUTS, *OPTIONAL_INPUTS.values())):
        tensor = value.type.tensor_type
        if tensor.elem_type != kind or len(tensor.shape.dim) != rank:
            kind_name = "int64" if kind == INT64 else "float32"
            return f"its input '{name}' is not a rank-{rank} {kind_name} tensor"
    outputs = list(model.graph.output)
    if not outputs or outputs[0].type.tensor_type.elem_type != FLOAT:
        return "it has no float32 audio output"
    return None


def load_graph(model: Path):
    """The ONNX model at `model`, checked, or one line saying why it is no voice."""
    import onnx
    try:
        loaded = onnx.load(str(model))
        onnx.checker.check_model(loaded)
    except Exception:  # protobuf decode errors, checker errors: all "not a model"
        raise voice_error(model, "the voice is not a readable ONNX model",
                          "copy the voice file again: it may be cut short or damaged") from None
    problem = graph_problem(loaded)
    if problem:
        raise voice_error(model, f"the file is not a Piper text-to-speech voice: {problem}",
                          "use a Piper voice (e.g. vi_VN-vais1000-medium.onnx from "
                          "rhasspy/piper-voices)")
    return loaded


def sherpa_metadata(voice: PiperVoice, has_sid: bool) -> dict[str, str]:
    """The ONNX metadata sherpa-onnx reads for a Piper voice, from its description."""
    speakers = voice.speakers if has_sid else 1
    return {"model_type": "vits", "comment": "piper", "sample_rate": str(voice.sample_rate),
            "n_speakers": str(speakers), "language": language_name(voice.language),
            "voice": voice.espeak_voice, "add_blank": "0", "has_espeak": "1"}


def tokens_text(voice: PiperVoice) -> str:
    """sherpa's `tokens.txt`: one `code-point id` a line (a space token written as itself)."""
    return "".join(f"{key} {ident}\n" for key, ident in voice.tokens if key not in "\n\r")


@dataclass(frozen=True)
class Prepared:
    """A voice ready for sherpa-onnx: the model with metadata, its tokens, its speakers."""

    model: Path
    tokens: Path
    speakers: int  # as the graph can take them (1 without a `sid` input)


def prepared_folder(voice: PiperVoice, cache_root: Path) -> Path:
    """Where the checked copy of a voice lives, named by its content and its description's
    (not by where the file is: a project moved to another folder keeps its copy)."""
    described = replace(voice, model=Path(voice.name))
    key = hashlib.sha256(f"{PREPARED_VERSION}:{described!r}".encode("utf-8"))
    return cache_root / "neural" / key.hexdigest()[:24]


def prepared_copy(voice: PiperVoice, cache_root: Path) -> Prepared:
    """The copy of `voice` with sherpa's metadata and its tokens (written once, reused)."""
    folder = prepared_folder(voice, cache_root)
    model, tokens = folder / "model.onnx", folder / "tokens.txt"
    loaded = load_graph(voice.model)
    has_sid = any(i.name == "sid" for i in loaded.graph.input)
    speakers = voice.speakers if has_sid else 1
    if model.is_file() and tokens.is_file():
        return Prepared(model, tokens, speakers)
    del loaded.metadata_props[:]
    for key, value in sherpa_metadata(voice, has_sid).items():
        entry = loaded.metadata_props.add()
        entry.key, entry.value = key, value
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_output(model) as tmp:
        tmp.write_bytes(loaded.SerializeToString())
    write_text_atomic(tokens, tokens_text(voice))
    return Prepared(model, tokens, speakers)


def prepare(voice: PiperVoice, cache_root: Path) -> Prepared:
    """The checked copy of `voice` for sherpa, trial-loaded once (later runs only look:
    neither onnx nor a child process is needed again)."""
    folder = prepared_folder(voice, cache_root)
    model, tokens, marker = folder / "model.onnx", folder / "tokens.txt", folder / "speakers"
    if marker.is_file() and model.is_file() and tokens.is_file():
        return Prepared(model, tokens, int(marker.read_text(encoding="utf-8") or 1))
    prepared = prepared_copy(voice, cache_root)
    trial_load(voice, prepared)
    write_text_atomic(marker, str(prepared.speakers))
    return prepared


TRIAL = """
import sys, sherpa_onnx as s
vits = s.OfflineTtsVitsModelConfig(model=sys.argv[1], tokens=sys.argv[2])
tts = s.OfflineTts(s.OfflineTtsConfig(model=s.OfflineTtsModelConfig(vits=vits, num_threads=1)))
g = s.GenerationConfig()
g.phoneme_codepoints = [[ord(c) for c in sys.argv[3]]]
audio = tts.generate("", g)
print(len(audio.samples), audio.sample_rate)
"""


def trial_load(voice: PiperVoice, prepared: Prepared) -> None:
    """Load and run the prepared copy once in a child process: whatever the runtime does with
    it (even ending the process), studio itself survives and says so in one line."""
    sample = "".join(key for key, _ in voice.tokens if key not in (PAD, BOS, EOS, " "))[:8]
    try:
        done = subprocess.run([sys.executable, "-c", TRIAL, str(prepared.model),
                               str(prepared.tokens), sample or "a"],
                              capture_output=True, text=True, timeout=TRIAL_SECONDS)
    except subprocess.TimeoutExpired:
        raise voice_error(voice.model, f"the voice did not load within {TRIAL_SECONDS:.0f} s",
                          "check the file, or use a smaller voice (x_low, low, medium)") from None
    words = done.stdout.split()
    if done.returncode != 0 or len(words) != 2 or not words[0].isdigit() or words[0] == "0":
        detail = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1][:120]
        raise voice_error(voice.model, f"the voice could not be loaded by sherpa-onnx ({detail})",
                          "copy the voice again, or use another Piper voice")
