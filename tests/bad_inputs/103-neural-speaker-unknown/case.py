"""A two-speaker voice and a script naming a speaker it does not have."""

import helpers_neural


def setup(root):
    helpers_neural.write_voice(root / "voices", speakers=2)
