"""An ONNX model that is not a voice (an image classifier) with a Piper .onnx.json."""

import helpers_neural


def setup(root):
    helpers_neural.write_voice(root / "voices", graph=helpers_neural.non_tts_graph())
