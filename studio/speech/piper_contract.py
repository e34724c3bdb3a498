"""The Piper voice contract as data: the graph's inputs, the special tokens, the limits, and
the language names sherpa-onnx is told (kept apart from the steps in `piper_model`)."""

from __future__ import annotations

FLOAT, INT64 = 1, 7  # onnx.TensorProto element types (not imported: onnx is an extra)
# name, element type, rank — in the order sherpa-onnx passes them
REQUIRED_INPUTS = (("input", INT64, 2), ("input_lengths", INT64, 1), ("scales", FLOAT, 1))
OPTIONAL_INPUTS = {"sid": ("sid", INT64, 1)}
PAD, BOS, EOS = "_", "^", "$"  # Piper's padding, start and end of a sentence
CONFIG_SUFFIX = ".onnx.json"
MODEL_SUFFIX = ".onnx"
# The real Vietnamese voices are 20–75 MB; "high" voices of other languages reach ~115 MB.
MAX_MODEL_BYTES = 300_000_000
MAX_CONFIG_BYTES = 2_000_000
TRIAL_SECONDS = 120.0  # a 63 MB voice loaded in 9–16 s on a busy 2-core machine
LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English", "zh": "Chinese"}


def language_name(code: str) -> str:
    """The language as sherpa-onnx's metadata names it (only informative for Piper voices)."""
    return LANGUAGE_NAMES.get(code, code or "unknown")
