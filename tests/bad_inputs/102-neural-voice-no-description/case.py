"""A Piper voice copied without its .onnx.json (the model has no metadata of its own)."""

import helpers_neural


def setup(root):
    model = helpers_neural.write_voice(root / "voices")
    model.with_name(model.name + ".json").unlink()
