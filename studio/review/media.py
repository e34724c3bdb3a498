"""Players, thumbnails and file lists for one script's outputs."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from studio.languages import language_tag
from studio.review import labels
from studio.review.markup import attrs, badge, bi, esc, file_link, missing_note, track_src, url
from studio.review.view import OutputView, ScriptView

BROKEN = f'<p class="broken">⚠ {bi("Không mở được tệp này", "this file could not be opened")}</p>'


def partner(main: OutputView, candidates: tuple[OutputView, ...]) -> OutputView | None:
    """The companion file of `main` (its .vtt, its waveform): same name first, then same target."""
    usable = [c for c in candidates if c.usable]
    exact = [c for c in usable if c.stem == main.stem]
    prefixed = [c for c in usable if c.stem.startswith((main.stem + "-", main.stem + "."))]
    if exact or prefixed:
        return (exact or prefixed)[0]
    same_target = [c for c in usable if c.target and c.target == main.target]
    if same_target:
        return same_target[0]
    same_folder = [c for c in usable
                   if PurePosixPath(c.raw_path).parent == PurePosixPath(main.raw_path).parent]
    return same_folder[0] if len(same_folder) == 1 else None


def caption(output: OutputView) -> str:
    """The file name (linked) and what the manifest measured about it."""
    facts = [output.target,
             labels.duration(output.duration_s),
             f"{output.width}×{output.height}" if output.width and output.height else "",
             f"{labels.decimal(output.lufs)} LUFS" if output.lufs is not None else "",
             f"{labels.decimal(output.true_peak_dbtp)} dBTP"
             if output.true_peak_dbtp is not None else "",
             f"{labels.VOICE[0]}: {output.voice}" if output.voice else "",
             labels.file_size(output.bytes)]
    shown = " · ".join(esc(f) for f in facts if f)
    return f"<figcaption>{file_link(output)}{marks(output)}<br>{shown}</figcaption>"


def marks(output: OutputView) -> str:
    """Badges after a file's name: rendered from a draft, made outside the build."""
    draft = " " + badge("draft", "Nháp", "draft") if output.draft else ""
    outside = " " + badge("outside", *labels.OUTSIDE_BUILD) if output.outside_build else ""
    signed = (" " + badge(output.credentials, *labels.CREDENTIALS.get(
        output.credentials, labels.CREDENTIALS["untrusted"])) if output.credentials else "")
    return draft + outside + signed


def shape(output: OutputView, still: OutputView | None = None) -> str | None:
    """'portrait' for vertical videos, so they are not drawn as wide black boxes (a video
    made outside the build has no measured size: its poster frame has the same shape)."""
    for known in (output, still):
        if known is not None and known.width and known.height:
            return "portrait" if known.height > known.width else None
    return "portrait" if "vertical" in output.target or "doc" in output.target else None


def video_figure(video: OutputView, vtt: OutputView | None, lang: str, outputs_dir: Path,
                 still: OutputView | None = None) -> str:
    """A player for one video, with its subtitles as a track when there is a .vtt, and its
    poster frame (`still`) shown until it plays."""
    if not video.usable:
        return f"<figure{attrs(data_output=video.raw_path)}>{missing_note(video)}</figure>"
    track = ""
    if vtt is not None:
        code = vtt.lang or lang or "vi"
        track = "<track" + attrs(kind="subtitles", srclang=language_tag(code),
                                 label=labels.language_name(code),
                                 src=track_src(vtt, outputs_dir), data_file=vtt.path,
                                 default=True) + ">"
    player = attrs(controls=True, preload="metadata", src=url(video.path),
                   class_=shape(video, still),
                   poster=url(still.path) if still is not None and still.usable else None)
    return (f"<figure{attrs(data_output=video.path)}><video{player}>"
            f"{track}{file_link(video)}</video>{BROKEN}{caption(video)}</figure>")


def audio_figure(audio: OutputView, wave: OutputView | None) -> str:
    """A player for one audio file, with its waveform picture under it."""
    if not audio.usable:
        return f"<figure{attrs(data_output=audio.raw_path)}>{missing_note(audio)}</figure>"
    picture = ""
    if wave is not None:
        picture = "<img" + attrs(class_="wave", loading="lazy", decoding="async",
                                 src=url(wave.path), alt=f"Dạng sóng / waveform: {wave.name}",
                                 data_output=wave.path) + ">"
    return (f"<figure{attrs(data_output=audio.path)}>"
            f"<audio{attrs(controls=True, preload='metadata', src=url(audio.path))}>"
            f"{file_link(audio)}</audio>{picture}{BROKEN}{caption(audio)}</figure>")


INLINE_PIXELS_MAX = 16_000_000  # a browser on a 2-core PC stalls decoding a 5 m banner


def image_figure(image: OutputView, what: str, preview: OutputView | None = None) -> str:
    """A lazy thumbnail (its small preview file when there is one) linking to the full image;
    a huge image without a preview is only linked."""
    if not image.usable:
        return f"<figure{attrs(data_output=image.raw_path)}>{missing_note(image)}</figure>"
    shown = preview or image
    if preview is None and (image.width or 0) * (image.height or 0) > INLINE_PIXELS_MAX:
        return (f"<figure{attrs(data_output=image.path)}>{file_link(image)}"
                f"{caption(image)}</figure>")
    img = "<img" + attrs(loading="lazy", decoding="async", src=url(shown.path),
                         width=shown.width, height=shown.height,
                         alt=f"{what}: {image.target or image.name}") + ">"
    return (f"<figure{attrs(data_output=image.path)}><a{attrs(href=url(image.path))}>{img}</a>"
            f"{BROKEN}{caption(image)}</figure>")


def file_list(outputs: tuple[OutputView, ...], *, download: bool = False) -> str:
    """A plain list of links (subtitles, reports, playlists)."""
    items = []
    for output in outputs:
        facts = " · ".join(esc(f) for f in (output.target, labels.file_size(output.bytes)) if f)
        items.append(f"<li{attrs(data_output=output.path or output.raw_path)}>"
                     f"{file_link(output, download=download)}{marks(output)}"
                     f"{' — ' + facts if facts else ''}</li>")
    return f'<ul class="files">{"".join(items)}</ul>'


def heading(kind: str) -> str:
    """A kind's sub-heading, e.g. 'Âm thanh (audio)'."""
    vi, en = labels.KINDS.get(kind, ("Tệp khác", "other files"))
    return f"<h3>{bi(vi, en)}</h3>"


def videos(script: ScriptView, outputs_dir: Path) -> str:
    """Every video of the script, each with its subtitle track."""
    found = script.of_kind("video")
    vtts = tuple(o for o in script.of_kind("subtitles") if o.suffix == ".vtt")
    if not found:
        return ""
    stills = {p.stem: p for p in script.of_kind("preview")}  # x.mp4 → x.preview.jpg, no other
    figures = "".join(video_figure(v, partner(v, vtts), script.lang, outputs_dir,
                                   stills.get(f"{v.stem}.preview")) for v in found)
    return f'{heading("video")}<div class="grid">{figures}</div>'


def audios(script: ScriptView) -> str:
    """Every audio file with its waveform; waveforms matching no audio file are shown alone."""
    found, waves = script.of_kind("audio"), script.of_kind("waveform")
    paired = {a.raw_path: partner(a, waves) for a in found}
    used = {w.raw_path for w in paired.values() if w is not None}
    alone = tuple(w for w in waves if w.raw_path not in used)
    if not found and not alone:
        return ""
    figures = "".join(audio_figure(a, paired[a.raw_path]) for a in found)
    figures += "".join(image_figure(w, "Dạng sóng") for w in alone)
    return f'{heading("audio")}<div class="grid">{figures}</div>'


def pictures(script: ScriptView, kind: str) -> str:
    """Thumbnails of a picture kind (posters, storyboards); non-images (PDF) as links."""
    found = script.of_kind(kind)
    if not found:
        return ""
    what = labels.KINDS.get(kind, (kind, kind))[0]
    images = tuple(o for o in found if o.is_image)
    others = tuple(o for o in found if not o.is_image)
    previews = script.of_kind("preview")
    thumbs = ("<div class=\"thumbs\">"
              + "".join(image_figure(i, what, partner(i, previews) if previews else None)
                        for i in images) + "</div>") if images else ""
    return heading(kind) + thumbs + (file_list(others) if others else "")


def listed(script: ScriptView, kinds: tuple[str, ...], *, download: bool = False) -> str:
    """Links under one heading for kinds shown as files (subtitles, reports, the rest)."""
    found = script.of_kind(*kinds)
    if not found:
        return ""
    return heading(kinds[0] if len(kinds) == 1 else "other") + file_list(found, download=download)
