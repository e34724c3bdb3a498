"""A tiny Piper-format voice for the neural engine's tests: a sine built with `onnx.helper`
whose length follows the token count and the length scale, and whose pitch follows the
speaker id — the real loading and synthesis path without a real (60 MB) voice."""

from __future__ import annotations

import json
from pathlib import Path

SAMPLE_RATE = 22050
HOP = 256  # samples per token at length scale 1 (~12 ms)
BASE_HZ, STEP_HZ = 200.0, 100.0  # speaker n sings at 200 + 100·n Hz
PHONEMES = (" !'(),-.:;?abcdefghijklmnopqrstuvwxyzæçðøħŋœǀǁǂǃɐɑɒɓɔɕɗɘəɚɛɜɞɟɠɡɢɣɤɥɦɧɨɪɫɬɭɮɯɰ"
            "ɱɲɳɴɵɶɸɹɺɻɽɾʀʁʂʃʄʈʉʊʋʌʍʎʏʐʑʒʔʕʘʙʛʜʝʟʡʢʲˈˌːˑ˞βθχᵻⱱ0123456789\u0303\u0361")


def phoneme_id_map() -> dict[str, list[int]]:
    """Piper's map: pad `_` 0, bos `^` 1, eos `$` 2, then the phonemes."""
    table = {"_": [0], "^": [1], "$": [2]}
    for n, ch in enumerate(dict.fromkeys(PHONEMES), start=3):
        table[ch] = [n]
    return table


def tiny_graph(*, speakers: int = 1, names=("input", "input_lengths", "scales", "sid"),
               output: str = "output"):
    """The model: len(input) · HOP · length_scale samples of a sine at BASE_HZ + STEP_HZ·sid."""
    from onnx import TensorProto, helper
    f32, i64 = TensorProto.FLOAT, TensorProto.INT64
    const = lambda name, value, kind=f32: helper.make_node(  # noqa: E731
        "Constant", [], [name], value=helper.make_tensor(name + "_v", kind, [], [value]))
    nodes = [
        const("hop", float(HOP)), const("two_pi_over_sr", 6.283185307 / SAMPLE_RATE),
        const("base", BASE_HZ), const("step", STEP_HZ), const("half", 0.5),
        const("zero", 0, i64), const("one", 1, i64),
        helper.make_node("Constant", [], ["idx1"],
                         value=helper.make_tensor("idx1_v", i64, [], [1])),
        helper.make_node("Shape", [names[0]], ["shape"]),
        helper.make_node("Gather", ["shape", "idx1"], ["n"], axis=0),
        helper.make_node("Cast", ["n"], ["nf"], to=f32),
        helper.make_node("Gather", [names[2], "idx1"], ["length_scale"], axis=0),
        helper.make_node("Mul", ["nf", "hop"], ["a"]),
        helper.make_node("Mul", ["a", "length_scale"], ["samples_f"]),
        helper.make_node("Cast", ["samples_f"], ["samples"], to=i64),
        helper.make_node("Range", ["zero", "samples", "one"], ["t_i"]),
        helper.make_node("Cast", ["t_i"], ["t"], to=f32),
    ]
    inputs = [helper.make_tensor_value_info(names[0], i64, [1, "n"]),
              helper.make_tensor_value_info(names[1], i64, [1]),
              helper.make_tensor_value_info(names[2], f32, [3])]
    if speakers > 1:
        inputs.append(helper.make_tensor_value_info(names[3], i64, [1]))
        nodes += [helper.make_node("Cast", [names[3]], ["sid_f1"], to=f32),
                  helper.make_node("Squeeze", ["sid_f1"], ["sid_f"]),
                  helper.make_node("Mul", ["sid_f", "step"], ["lift"]),
                  helper.make_node("Add", ["base", "lift"], ["hz"])]
    else:
        nodes.append(helper.make_node("Identity", ["base"], ["hz"]))
    nodes += [
        helper.make_node("Mul", ["t", "two_pi_over_sr"], ["w"]),
        helper.make_node("Mul", ["w", "hz"], ["phase"]),
        helper.make_node("Sin", ["phase"], ["wave"]),
        helper.make_node("Mul", ["wave", "half"], ["quiet"]),
        helper.make_node("Constant", [], ["out_shape"],
                         value=helper.make_tensor("out_shape_v", i64, [4], [1, 1, 1, -1])),
        helper.make_node("Reshape", ["quiet", "out_shape"], [output]),
    ]
    graph = helper.make_graph(nodes, "tiny-piper", inputs,
                              [helper.make_tensor_value_info(output, f32, [1, 1, 1, "t"])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model


def voice_config(*, speakers: int = 1) -> dict:
    """The `.onnx.json` Piper writes beside a voice."""
    config = {"audio": {"sample_rate": SAMPLE_RATE, "quality": "x_low"},
              "espeak": {"voice": "vi"}, "language": {"code": "vi_VN"},
              "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
              "phoneme_type": "espeak", "phoneme_id_map": phoneme_id_map(),
              "num_symbols": len(phoneme_id_map()), "num_speakers": speakers,
              "speaker_id_map": ({} if speakers == 1 else
                                 {f"speaker{n}": n for n in range(speakers)}),
              "dataset": "tiny"}
    return config


def write_voice(folder: Path, name: str = "vi_VN-tiny-x_low", *, speakers: int = 1,
                graph=None, config: dict | None = None) -> Path:
    """`folder/name.onnx` and its `.onnx.json`, like a voice copied from piper-voices
    (no ONNX metadata, as the originals have none)."""
    import onnx
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.onnx"
    onnx.save(graph if graph is not None else tiny_graph(speakers=speakers), str(path))
    (folder / f"{name}.onnx.json").write_text(
        json.dumps(config if config is not None else voice_config(speakers=speakers),
                   ensure_ascii=False), encoding="utf-8")
    return path


def non_tts_graph():
    """A valid ONNX model that is not a voice (one image in, one score out)."""
    from onnx import TensorProto, helper
    graph = helper.make_graph(
        [helper.make_node("ReduceMean", ["image"], ["score"], keepdims=0)], "classifier",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, [])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model
