"""studio: approved scripts into videos, loudspeaker bulletins and posters for grassroots
public communication in Vietnam."""

__version__ = "0.1.0"
