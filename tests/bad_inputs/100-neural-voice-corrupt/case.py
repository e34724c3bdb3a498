"""A voice file cut short in copying (its .onnx.json intact)."""

import helpers_neural


def setup(root):
    model = helpers_neural.write_voice(root / "voices")
    model.write_bytes(model.read_bytes()[:300])
