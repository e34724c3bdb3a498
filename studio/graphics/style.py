"""The house style of Vietnamese propaganda graphics, in one place."""

RED = (218, 37, 29)  # #DA251D, the red ground
YELLOW = (255, 255, 0)  # #FFFF00, headline text
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
DARK_RED = (150, 20, 15)


def hex_to_rgb(value: str) -> tuple[int, int, int]:
    """'#DA251D' or 'DA251D' → (218, 37, 29); raises ValueError on anything else."""
    text = value.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"'{value}' is not a colour like #DA251D")
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
