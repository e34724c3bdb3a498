"""File names and ID3v2.3 tags of a bulletin: what radio software and clusters read."""

from __future__ import annotations

import json
from pathlib import Path

from mutagen.id3 import COMM, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, TXXX, Encoding

from studio import __version__
from studio.audio.profiles import AudioProfile
from studio.audio.tag_words import COMMENT_WORDS, FALLBACK, GENRE
from studio.errors import OutputError
from studio.languages import iso_639_3
from studio.media import Loudness
from studio.script import Release, Script
from studio.text import slugify

# ID3v2.3 knows only Latin-1 and UTF-16 text; mutagen stores UTF-8 requests as UTF-16 there,
# which every reader (and Windows Explorer) decodes. See docs/audio.md.
TEXT_ENCODING = Encoding.UTF16
REPLAYGAIN_REFERENCE_LUFS = -18.0  # ReplayGain 2.0's reference level


def date_stamp(script: Script) -> str:
    """The issue date as YYYY-MM-DD: sorts by date and reads the same everywhere."""
    return script.issue_date.isoformat()


def bulletin_stem(script: Script, profile: AudioProfile) -> str:
    """`<date>_<id>[_<variant>]_<lang>_<priority>` (+ `_<profile>` unless loudspeaker):
    ASCII only; a campaign's variant (its commune) is named in it."""
    parts = [date_stamp(script), slugify(script.id),
             *([script.variant.slug] if script.variant else []), slugify(script.lang),
             slugify(script.priority)]
    if profile.file_tag:
        parts.append(slugify(profile.file_tag))
    return "_".join(parts)


def bulletin_name(script: Script, profile: AudioProfile, release: Release, ext: str) -> str:
    """The file name of one output of the bulletin (`-draft` before the extension for drafts)."""
    return release.name(bulletin_stem(script, profile), ext)


def approved_by(script: Script, release: Release) -> str | None:
    """Who approved what is being released (None for drafts, whatever an old approval says)."""
    if release.draft or script.approval is None:
        return None
    return script.approval.by


def comment_language(script: Script) -> str:
    """The comment's language: the bulletin's, where the words exist (else Vietnamese)."""
    return script.lang if script.lang in COMMENT_WORDS else FALLBACK


def comment(script: Script, release: Release) -> str:
    """One human line in the bulletin's language: priority class and approval."""
    words = COMMENT_WORDS[comment_language(script)]
    label = words["priorities"].get(script.priority, script.priority)
    line = f"{words['priority']}: {label}."
    who = approved_by(script, release)
    if who and script.approval:
        line += f" {words['approved']}: {who}, {script.approval.on.strftime(words['date'])}."
    else:
        line += f" {words['draft'] or release.watermark}."
    return f"{line} studio {__version__}"


def replaygain(loudness: Loudness) -> tuple[str, str]:
    """ReplayGain 2.0 track gain (to −18 LUFS) and peak (linear, from the true peak)."""
    return (f"{REPLAYGAIN_REFERENCE_LUFS - loudness.integrated_lufs:+.2f} dB",
            f"{10 ** (loudness.true_peak_dbtp / 20):.6f}")


def on_air_frames(script: Script, loudness: Loudness | None) -> list[TXXX]:
    """TXXX frames radio software reads: ReplayGain, and the area and daily slots."""
    enc, frames = TEXT_ENCODING, []
    if loudness is not None:
        gain, peak = replaygain(loudness)
        frames += [TXXX(encoding=enc, desc="REPLAYGAIN_TRACK_GAIN", text=gain),
                   TXXX(encoding=enc, desc="REPLAYGAIN_TRACK_PEAK", text=peak)]
    if script.broadcast and script.broadcast.area:
        frames.append(TXXX(encoding=enc, desc="AREA", text="; ".join(script.broadcast.area)))
    if script.broadcast and script.broadcast.slots:
        frames.append(TXXX(encoding=enc, desc="SLOTS",
                           text=", ".join(t.strftime("%H:%M") for t in script.broadcast.slots)))
    return frames


def id3_tags(script: Script, release: Release, profile: AudioProfile,
             loudness: Loudness | None = None, *, voice: str = "") -> ID3:
    """The bulletin's ID3 frames: title, issuing body, programme, date, language, genre,
    comment and the TXXX frames PRIORITY, SCRIPT_SHA256, APPROVED_BY, PROFILE, ReplayGain,
    AREA, SLOTS and VOICE."""
    enc = TEXT_ENCODING
    tags = ID3()
    tags.add(TIT2(encoding=enc, text=script.title))
    if script.organization:
        tags.add(TPE1(encoding=enc, text=script.organization))
    if script.program:
        tags.add(TALB(encoding=enc, text=script.program))
    tags.add(TDRC(encoding=enc, text=script.issue_date.isoformat()))
    tags.add(TLAN(encoding=enc, text=iso_639_3(script.lang)))
    tags.add(TCON(encoding=enc, text=GENRE))
    tags.add(COMM(encoding=enc, lang=iso_639_3(comment_language(script)),
                  desc="", text=comment(script, release)))
    tags.add(TXXX(encoding=enc, desc="PRIORITY", text=script.priority))
    tags.add(TXXX(encoding=enc, desc="SCRIPT_SHA256", text=script.checksum))
    if who := approved_by(script, release):
        tags.add(TXXX(encoding=enc, desc="APPROVED_BY", text=who))
    tags.add(TXXX(encoding=enc, desc="PROFILE", text=profile.name))
    if voice:  # which voice spoke, e.g. "edge vi-VN-HoaiMyNeural"
        tags.add(TXXX(encoding=enc, desc="VOICE", text=voice))
    for frame in on_air_frames(script, loudness):
        tags.add(frame)
    if script.variant:  # which row of a campaign: its key and every value of the row
        tags.add(TXXX(encoding=enc, desc="VARIANT", text=script.variant.key))
        tags.add(TXXX(encoding=enc, desc="VARIANT_VALUES",
                      text=json.dumps(dict(script.variant.values), ensure_ascii=False)))
    tags.update_to_v23()  # TDRC becomes TYER + TDAT
    return tags


def write_tags(path: Path, tags: ID3) -> None:
    """Save `tags` into the MP3 at `path` as ID3v2.3."""
    try:
        tags.save(str(path), v2_version=3)
    except OSError as exc:
        raise OutputError(f"cannot write tags: {exc.strerror or exc}", file=path) from exc
