"""Every picture of a clip, drawn once and written to a work folder for ffmpeg's concat
demuxer, grouped into runs: plain stills (one finished picture per segment), or — over a
scene that moves (a video file, or a photo that `zoompan` moves) — two streams of small
transparent layers: the scene's texts (headline, logo, title), cropped to what they cover,
and the caption band, cropped to the band. ffmpeg then blends only those regions on each
frame, and Python writes a band, not a whole frame, for each highlighted word."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from studio.graphics.images import cover_box, cover_crop
from studio.script.model import Script
from studio.video.captions import Word, word_place
from studio.video.cues import Subtitles
from studio.video.motion import Motion, margin_size, pattern, toward
from studio.video.overlays import Piece, composite, union_box
from studio.video.stills import STILL_FORMAT, Painter, Still, is_video
from studio.video.timeline import Segment, Span

Box = tuple[int, int, int, int]
EMPTY_BOX = (0, 0, 2, 2)  # a layer with nothing to show is still a (tiny) stream
# Transparent layers as run-length TGA: 3× faster to write than PNG at zlib level 1 (whose
# filtering, not its compression, costs), mostly-empty bands stay small, ffmpeg reads alpha.
LAYER_FORMAT = "tga"
Save = Callable[[Image.Image, Path], Path]
MAX_PENDING = 6  # pictures drawn but not yet written (a 1080×1920 still holds 6 MB)


@dataclass(frozen=True)
class Layer:
    """Pictures of one size shown one after another at one place on the frame."""

    stills: tuple[Still, ...]
    at: tuple[int, int] = (0, 0)

    @property
    def duration(self) -> float:
        return sum(s.duration for s in self.stills)

    def extended(self, before: float, after: float) -> Layer:
        """Its first picture shown `before` seconds longer and its last `after`."""
        stills = list(self.stills)
        stills[0] = Still(stills[0].path, stills[0].duration + before)
        stills[-1] = Still(stills[-1].path, stills[-1].duration + after)
        return replace(self, stills=tuple(stills))

    def split(self, at: float) -> tuple[Layer, Layer]:
        """The layer before `at` seconds and from it on."""
        head, tail = split_stills(self.stills, at)
        return replace(self, stills=head), replace(self, stills=tail)


def split_stills(stills: Sequence[Still], at: float) -> tuple[tuple[Still, ...],
                                                             tuple[Still, ...]]:
    """The pictures shown before `at` seconds and from it on (the one showing at `at` in
    both, for the time on each side)."""
    head: list[Still] = []
    tail: list[Still] = []
    start = 0.0
    for still in stills:
        end = start + still.duration
        if end <= at + 1e-9:
            head.append(still)
        elif start >= at - 1e-9:
            tail.append(still)
        else:
            head.append(Still(still.path, at - start))
            tail.append(Still(still.path, end - at))
        start = end
    return tuple(head), tuple(tail)


@dataclass(frozen=True)
class Run:
    """Consecutive segments drawn the same way: plain stills, or the text layers over a
    video scene or a moving photo (`stills` at `at`, and the caption band `captions`)."""

    stills: tuple[Still, ...]
    video: Path | None = None  # the scene's video file, for an overlay run
    photo: Path | None = None  # the scene's photo, scaled once, for a moving overlay run
    motion: Motion | None = None
    at: tuple[int, int] = (0, 0)  # where the `stills` go (overlay runs: cropped layers)
    captions: Layer | None = None
    moved: int = 0  # frames of its photo's movement shown before it (a later part's piece)
    movement: int | None = None  # frames the whole movement takes, when this is a piece

    @property
    def duration(self) -> float:
        return sum(s.duration for s in self.stills)

    @property
    def overlaid(self) -> bool:
        """Its stills are transparent layers over a moving picture."""
        return self.video is not None or self.photo is not None

    def extended(self, before: float, after: float) -> Run:
        """The run with its first picture shown `before` seconds longer and its last `after`
        (the overlap a transition needs on each side)."""
        main = Layer(self.stills).extended(before, after)
        captions = self.captions.extended(before, after) if self.captions else None
        return replace(self, stills=main.stills, captions=captions)

    def frames(self, fps: float) -> int:
        """Frames of its moving photo (one spare: the trim cuts it exact)."""
        return max(1, round(self.duration * fps)) + 1

    def split(self, at: float, fps: float) -> tuple[Run, Run]:
        """The run before `at` seconds (on a frame) and from it on, the photo's movement
        going on where it was (not for a video scene: its file would need seeking)."""
        head, tail = split_stills(self.stills, at)
        bands = self.captions.split(at) if self.captions else (None, None)
        whole = self.movement or self.frames(fps)
        return (replace(self, stills=head, captions=bands[0], movement=whole),
                replace(self, stills=tail, captions=bands[1], movement=whole,
                        moved=self.moved + round(at * fps)))


def _video_of(script: Script, span: Span) -> Path | None:
    if span.kind != "scene":
        return None
    visual = script.scenes[span.scene].visual
    return visual if is_video(visual) else None


def _moving_photo(painter: Painter, span: Span, amount: float) -> bool:
    """A photo scene that moves (not a card, not a video file, motion asked for)."""
    if span.kind != "scene" or amount <= 0:
        return False
    visual = painter.script.scenes[span.scene].visual
    return visual is not None and not is_video(visual)


def crop_point(source: tuple[int, int], size: tuple[int, int], focus: tuple[float, float]
               ) -> tuple[float, float]:
    """Where a picture's focal point (0–1 of it) lands in its cover crop to `size` (0–1)."""
    left, top, right, bottom = cover_box(source, size, focus)
    return ((focus[0] * source[0] - left) / (right - left),
            (focus[1] * source[1] - top) / (bottom - top))


def scene_motion(painter: Painter, span: Span, amount: float) -> Motion:
    """How the scene's photo moves: in to its focal point when it has one, else the scene's
    turn in the pattern."""
    scene = painter.script.scenes[span.scene]
    if scene.focus is None:
        return pattern(span.scene, amount)
    source = painter.sources.image(scene.visual).size
    return toward(crop_point(source, (painter.layout.width, painter.layout.height),
                             scene.focus), amount)


def write_background(painter: Painter, span: Span, motion: Motion, folder: Path) -> Path:
    """The scene's photo scaled once to the frame plus the room `motion` needs (sharp at its
    deepest zoom), cropped around its focal point, for `zoompan` to move over."""
    scene = painter.script.scenes[span.scene]
    size = margin_size((painter.layout.width, painter.layout.height), max(motion.zoom) - 1)
    picture = cover_crop(painter.sources.image(scene.visual), size,
                         scene.focus or (0.5, 0.5))
    path = folder / f"bg{span.scene:03d}.{STILL_FORMAT}"
    picture.convert("RGB").save(path)
    return path


def merged(shown: Sequence[tuple[Hashable, float]], paths: dict) -> tuple[Still, ...]:
    """(key, seconds) in order as stills, a picture shown twice in a row as one longer."""
    out: list[Still] = []
    last = None
    for key, seconds in shown:
        if out and key == last:
            out[-1] = Still(out[-1].path, out[-1].duration + seconds)
        else:
            out.append(Still(paths[key], seconds))
        last = key
    return tuple(out)


def even_box(box: Box | None, frame: tuple[int, int]) -> Box:
    """`box` grown to even edges inside the frame (4:2:0 colour sits on 2×2 pixels)."""
    if box is None:
        return EMPTY_BOX
    x, y, w, h = box
    x0, y0 = x - x % 2, y - y % 2
    x1 = min(frame[0], x + w + (x + w) % 2)
    y1 = min(frame[1], y + h + (y + h) % 2)
    return x0, y0, x1 - x0, y1 - y0


def alpha_box(image: Image.Image) -> Box | None:
    """(x, y, width, height) of what a transparent layer shows, None when it is empty."""
    found = image.getchannel("A").getbbox()
    return None if found is None else (found[0], found[1], found[2] - found[0],
                                       found[3] - found[1])


def save_layer(image: Image.Image, path: Path) -> Path:
    """Write a transparent layer (run-length TGA) or an opaque still (BMP) at `path`."""
    if path.suffix == f".{LAYER_FORMAT}":
        image.save(path, compression="tga_rle")
    else:  # convert copies even an RGB picture: only convert what is not RGB
        (image if image.mode == "RGB" else image.convert("RGB")).save(path)
    return path


class Writer:
    """Writes pictures on two threads (Pillow's encoders release the GIL), so the next
    picture is drawn while the last is written; `save` returns the path at once."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=2)
        self._pending: list[Future] = []

    def save(self, image: Image.Image, path: Path) -> Path:
        self._pending.append(self._pool.submit(save_layer, image, path))
        while len(self._pending) > MAX_PENDING:  # bounded: drawn pictures wait in memory
            self._pending.pop(0).result()
        return path

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc) -> None:
        """Wait for every picture (raising the first write error) before ffmpeg reads them."""
        try:
            for future in self._pending:
                future.result()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)


def band_picture(pieces: Sequence[Piece], box: Box) -> Image.Image:
    """A caption's bands on a transparent picture the size of the run's caption `box`."""
    x, y, w, h = box
    canvas = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    for piece in pieces:
        composite(canvas, piece.image, (piece.at[0] - x, piece.at[1] - y))
    return canvas


def paint_overlay_run(painter: Painter, segs: Sequence[Segment], subtitles: Subtitles,
                      words: Sequence[Sequence[Word]] | None, folder: Path, name: str,
                      background: tuple, save: Save = save_layer) -> Run:
    """One moving scene's layers: its texts (one picture per title/headline state, cropped
    to their union) and its caption band (one per cue and word, cropped to the bands'
    union), each written once."""
    frame = (painter.layout.width, painter.layout.height)
    tops: dict[tuple, Image.Image] = {}
    bands: dict[tuple, tuple[Piece, ...]] = {}
    top_shown, band_shown = [], []
    for seg in segs:
        top = (seg.titled, seg.entering)
        if top not in tops:
            tops[top] = painter.picture(seg.span, None, transparent=True, titled=seg.titled,
                                        entering=seg.entering)
        cue = subtitles.cues[seg.cue] if seg.cue is not None else None
        band = (seg.cue, seg.word)
        if band not in bands:
            place = (word_place(cue.lines, words[seg.cue], seg.word)
                     if cue is not None and cue.lines and words and seg.word is not None
                     else None)
            bands[band] = painter.caption(cue, place)
        top_shown.append((top, seg.duration))
        band_shown.append((band, seg.duration))
    found = [b for b in map(alpha_box, tops.values()) if b is not None]
    x, y, w, h = even_box(union_box(found) if found else None, frame)
    top_paths = {key: save(image.crop((x, y, x + w, y + h)),
                           folder / f"{name}t{n:03d}.{LAYER_FORMAT}")
                 for n, (key, image) in enumerate(tops.items())}
    boxes = [p.box for pieces in bands.values() for p in pieces]
    band_box = even_box(union_box(boxes) if boxes else None, frame)
    band_paths = {key: save(band_picture(pieces, band_box),
                            folder / f"{name}c{n:04d}.{LAYER_FORMAT}")
                  for n, (key, pieces) in enumerate(bands.items())}
    captions = Layer(merged(band_shown, band_paths), band_box[:2])
    return Run(merged(top_shown, top_paths), *background, at=(x, y), captions=captions)


def run_groups(segments: Sequence[Segment], overlay: Sequence[bool], per_span: bool
               ) -> list[list[int]]:
    """The segments' indices cut into runs: at every new span when `per_span` (transitions
    need one run per span) or when either side of the cut is an overlay run."""
    groups: list[list[int]] = []
    for n, seg in enumerate(segments):
        new_span = n > 0 and seg.span != segments[n - 1].span
        if not groups or (new_span and (per_span or overlay[n] or overlay[n - 1])):
            groups.append([])
        groups[-1].append(n)
    return groups


def paint_runs(painter: Painter, segments: tuple[Segment, ...], subtitles: Subtitles,
               folder: Path, *, on_still: Callable[[int, int], None] | None = None,
               motion: float = 0.0, per_span: bool = False,
               words: Sequence[Sequence[Word]] | None = None) -> tuple[Run, ...]:
    """Draw and write every distinct picture once; group the segments into runs (one per
    span when `per_span`, as transitions need; photos move by `motion`, see AMOUNT; the
    spoken word marked when each cue's `words` are given)."""
    folder.mkdir(parents=True, exist_ok=True)
    overlay = [_video_of(painter.script, seg.span) is not None
               or _moving_photo(painter, seg.span, motion) for seg in segments]
    written: dict[tuple, Path] = {}
    runs: list[Run] = []
    with Writer() as writer:
        for k, group in enumerate(run_groups(segments, overlay, per_span)):
            runs.append(paint_run(painter, [segments[n] for n in group], subtitles, words,
                                  folder, f"r{k:02d}", motion, writer.save, written))
            if on_still:
                on_still(group[-1] + 1, len(segments))
    return tuple(runs)


def paint_run(painter: Painter, segs: Sequence[Segment], subtitles: Subtitles,
              words: Sequence[Sequence[Word]] | None, folder: Path, name: str, motion: float,
              save: Save, written: dict[tuple, Path]) -> Run:
    """One run's pictures: layers over its moving picture, or finished stills."""
    span = segs[0].span
    video, moving = _video_of(painter.script, span), _moving_photo(painter, span, motion)
    if video is None and not moving:
        return Run(tuple(still_of(painter, seg, subtitles, words, folder, written, save)
                         for seg in segs))
    move = scene_motion(painter, span, motion) if moving else None
    photo = write_background(painter, span, move, folder) if moving else None
    return paint_overlay_run(painter, segs, subtitles, words, folder, name,
                             (video, photo, move), save)


def still_of(painter: Painter, seg: Segment, subtitles: Subtitles,
             words: Sequence[Sequence[Word]] | None, folder: Path,
             written: dict[tuple, Path], save: Save = save_layer) -> Still:
    """The segment's finished picture (written once however often it shows) and how long it
    shows."""
    key = (seg.span.kind, seg.span.scene, seg.cue, seg.titled, seg.entering, seg.word)
    if key not in written:
        cue = subtitles.cues[seg.cue] if seg.cue is not None else None
        lines = cue.lines if cue is not None else None
        place = (word_place(lines, words[seg.cue], seg.word)
                 if lines and words and seg.word is not None else None)
        image = painter.picture(seg.span, cue, titled=seg.titled, entering=seg.entering,
                                highlight=place)
        written[key] = save(image, folder / f"p{len(written):04d}.{STILL_FORMAT}")
    return Still(written[key], seg.duration)
