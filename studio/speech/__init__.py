"""Speech: narration for video and loudspeaker audio (gTTS online, espeak-ng offline, recordings)."""
