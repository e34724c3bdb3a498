"""Poster runs: templates × variants → laid out (`prepare_posters`), then files and a
contact sheet (`render_posters`); the script entry points.

Every text of every poster is laid out before the first file is written, so a slogan that
cannot fit (or a missing glyph) stops the run with nothing half-done.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.errors import StudioError, setting
from studio.graphics.contact_sheet import contact_sheet
from studio.graphics.outputs import PREVIEW_EXT, extension, flate_limit, write_image
from studio.graphics.words import load_words
from studio.poster.render import PaintCache, PosterPlan, plan_poster
from studio.poster.template_model import FORMATS, Template
from studio.poster.templates import load_template, template_names
from studio.poster.variants import Variant, bind, variant_from_script, with_line
from studio.project import Project
from studio.provenance import Claim, sign_output
from studio.script import FINAL, Release, Script, claim, gate

DEFAULT_SCRIPT_TEMPLATES = ("a3",)
PREVIEW_LONGEST_SIDE = 1600
SHEET_NAME = "contact-sheet"
STREAM_FORMATS = ("png", "pdf")  # the formats that embed the poster's PNG stream
PAINTED = PaintCache()  # this process's last poster of each template (see PaintCache)
Progress = Callable[[str, int, int], None]  # (stage, posters done, posters in all)


@dataclass(frozen=True)
class PosterJob:
    """One variant in one template, already laid out."""

    template: Template
    variant: Variant
    plan: PosterPlan

    @property
    def stem(self) -> str:
        """`<id-or-slug>_<template>`: the output name before any -draft and extension."""
        return f"{self.variant.stem}_{self.template.name}"


@dataclass(frozen=True)
class PosterRun:
    """What a run wrote: the posters, then the contact sheet (if more than one poster)."""

    outputs: tuple[Path, ...]
    contact_sheet: Path | None = None
    warnings: tuple[str, ...] = ()

    @property
    def paths(self) -> list[Path]:
        """Everything written, in the order to print it."""
        return [*self.outputs, *([self.contact_sheet] if self.contact_sheet else [])]


def check_scale(scale: float) -> float:
    """A preview scale in (0, 4]: pixels and dpi scale, the physical size stays."""
    if not 0 < scale <= 4:
        raise StudioError(f"scale {scale} is out of range", field=setting("scale"),
                          hint="use e.g. 0.1 for a quick preview, 1 for the real file")
    return scale


def check_formats(formats: Sequence[str] | None) -> tuple[str, ...] | None:
    """Output formats the user asked for (`jpg` means `jpeg`)."""
    if not formats:
        return None
    names = tuple(dict.fromkeys("jpeg" if f.strip().lower() == "jpg" else f.strip().lower()
                                for f in formats if f.strip()))
    for name in names:
        if name not in FORMATS:
            raise StudioError(f"unknown format '{name}'", field=setting("formats"),
                              hint="use " + ", ".join(FORMATS))
    return names


def resolve_templates(names: Sequence[str], project: Project | None = None
                      ) -> list[Template]:
    """Templates by name (comma-separated lists allowed), in order, without repeats."""
    wanted = [n.strip() for name in names for n in str(name).split(",") if n.strip()]
    return [load_template(name, project) for name in dict.fromkeys(wanted)]


def all_templates(project: Project | None = None) -> list[Template]:
    """Every template: for `--all-sizes`."""
    return [load_template(name, project) for name in template_names(project)]


def plan_jobs(templates: Sequence[Template], variants: Sequence[Variant], project: Project,
              scale: float = 1.0, progress: Progress | None = None) -> list[PosterJob]:
    """Lay out every variant in every template (errors name the CSV row when there is one),
    telling `progress` after each."""
    jobs, total = [], len(variants) * len(templates)
    for variant in variants:
        for template in templates:
            try:
                values = bind(template, variant, project)
                plan = plan_poster(template, values, lang=variant.lang, scale=scale,
                                   words=load_words(variant.lang, project.root))
            except StudioError as exc:
                raise with_line(exc, variant) from None
            jobs.append(PosterJob(template, variant, plan))
            if progress:
                progress("laying out", len(jobs), total)
    return jobs


def write_job(job: PosterJob, out_dir: Path, release: Release,
              formats: Sequence[str] | None, credentials: Claim | None = None
              ) -> tuple[list[Path], object]:
    """Paint one poster, write it in each format plus a small `.preview.jpg` (what the review
    page shows: browsers stall on a full-size banner); return the paths and the thumbnail.
    The poster is painted through `PAINTED`: only what differs from the template's last
    poster is repainted and re-compressed."""
    rendered = PAINTED.paint(job.plan, watermark=release.watermark)
    formats = formats or job.template.formats
    stream = None
    if set(STREAM_FORMATS) & set(formats):  # a PDF alone stops at what Flate may take
        stream = PAINTED.stream(rendered, None if "png" in formats
                                else flate_limit(rendered.image))
    written = []
    for fmt in formats:
        target = out_dir / release.name(job.stem, extension(fmt))
        written.append(write_image(rendered.image, target, fmt, dpi=rendered.dpi,
                                   bleed=rendered.canvas.bleed, title=job.stem, stream=stream,
                                   flate=stream is not None,
                                   finish=credentials and (lambda tmp: sign_output(
                                       tmp, credentials.for_variant(job.variant.stem)))))
    small = PAINTED.thumbnail(rendered)
    written.append(write_image(small, out_dir / release.name(job.stem, PREVIEW_EXT), "jpeg",
                               dpi=72))
    return written, small


@dataclass(frozen=True)
class PosterBatch:
    """Posters laid out and ready to paint — every text fits, every glyph is there — with
    where they go. Made by `prepare_posters`, written by `render_posters`."""

    jobs: tuple[PosterJob, ...]
    out_dir: Path
    project: Project
    release: Release = FINAL
    formats: tuple[str, ...] | None = None
    sheet_name: str = "posters"
    sheet: bool = True
    credentials: Claim | None = None  # what each poster's Content Credentials say


def prepare_posters(templates: Sequence[Template], variants: Sequence[Variant], *,
                    out_dir: Path, project: Project | None = None, release: Release = FINAL,
                    formats: Sequence[str] | None = None, scale: float = 1.0,
                    sheet_name: str = "posters", sheet: bool = True,
                    progress: Progress | None = None, credentials: Claim | None = None
                    ) -> PosterBatch:
    """Lay out every variant in every template before anything is written."""
    project = project or Project.at()
    formats = check_formats(formats)
    jobs = plan_jobs(templates, variants, project, check_scale(scale), progress)
    credentials = credentials or Claim(root=project.root, draft=release.draft)
    return PosterBatch(tuple(jobs), Path(out_dir), project, release, formats, sheet_name, sheet,
                       credentials)


def prepare_script_posters(script: Script, templates: Sequence[str] = (), *,
                           project: Project | None = None, out: Path | None = None,
                           allow_draft: bool = False, formats: Sequence[str] | None = None,
                           scale: float = 1.0, sheet: bool = True) -> PosterBatch:
    """The script's `poster:` block in each template (default: its `targets: poster:`, else
    a3), through the approval gate: drafts are watermarked and named `-draft`."""
    release = gate(script, allow_draft=allow_draft)
    project = project or Project.at()
    names = list(templates) or list(script.targets.poster) or list(DEFAULT_SCRIPT_TEMPLATES)
    return prepare_posters(resolve_templates(names, project), [variant_from_script(script)],
                           out_dir=project.output_dir(script.id, out), project=project,
                           release=release, formats=formats, scale=scale,
                           sheet_name=script.id, sheet=sheet,
                           credentials=claim(script, release, project))


def render_posters(batch: PosterBatch, *, lock: bool = True,
                   progress: Progress | None = None) -> PosterRun:
    """Paint and write every poster of `batch`, and a contact sheet when there is more than
    one, holding the output folder's lock (`lock=False` only for a caller that holds it
    already, as `studio build` does), telling `progress` after each poster. Returns what was
    written, in order."""
    with batch.project.locked(batch.out_dir, what="studio poster") if lock \
            else contextlib.nullcontext():
        outputs: list[Path] = []
        thumbs = []
        for job in batch.jobs:
            written, thumb = write_job(job, batch.out_dir, batch.release, batch.formats,
                                       batch.credentials)
            outputs.extend(written)
            thumbs.append((written[0].name, thumb))
            if progress:
                progress("writing", len(thumbs), len(batch.jobs))
        sheet_path = None
        if batch.sheet and len(thumbs) > 1:
            sheet_path = batch.out_dir / batch.release.name(
                f"{batch.sheet_name}_{SHEET_NAME}", "png")
            write_image(contact_sheet(thumbs), sheet_path, "png", dpi=72)
    return PosterRun(tuple(outputs), sheet_path)


def make_posters(templates: Sequence[Template], variants: Sequence[Variant], *,
                 out_dir: Path, project: Project | None = None, release: Release = FINAL,
                 formats: Sequence[str] | None = None, scale: float = 1.0,
                 sheet_name: str = "posters", sheet: bool = True,
                 progress: Progress | None = None) -> PosterRun:
    """Render every variant in every template into `out_dir` (prepare, then render),
    telling `progress` (stage, done, total) after each poster of each stage."""
    return render_posters(prepare_posters(templates, variants, out_dir=out_dir, project=project,
                                          release=release, formats=formats, scale=scale,
                                          sheet_name=sheet_name, sheet=sheet,
                                          progress=progress), progress=progress)


def script_posters(script: Script, templates: Sequence[str] = (), *,
                   project: Project | None = None, out: Path | None = None,
                   allow_draft: bool = False, formats: Sequence[str] | None = None,
                   scale: float = 1.0, sheet: bool = True) -> PosterRun:
    """A script's posters (prepare through the gate, then render)."""
    return render_posters(prepare_script_posters(script, templates, project=project, out=out,
                                                 allow_draft=allow_draft, formats=formats,
                                                 scale=scale, sheet=sheet))


def render_script_poster(script: Script, template: str | Sequence[str] | None = None, *,
                         project: Project | None = None, out: Path | None = None,
                         allow_draft: bool = False, formats: Sequence[str] | None = None,
                         scale: float = 1.0, lock: bool = True) -> list[Path]:
    """For `studio build`: one script's poster in `template` (or its targets); the paths."""
    names = [template] if isinstance(template, str) else list(template or ())
    batch = prepare_script_posters(script, names, project=project, out=out,
                                   allow_draft=allow_draft, formats=formats, scale=scale,
                                   sheet=False)
    return render_posters(batch, lock=lock).paths


def preview_scale(template: Template, longest: int = PREVIEW_LONGEST_SIDE) -> float:
    """A scale that brings the template's longest side to at most `longest` px."""
    return min(1.0, longest / max(template.canvas.size))


def example_variant(template: Template, lang: str = "vi") -> Variant:
    """Placeholder values from the template's slot examples (text slots only)."""
    values = {name: slot.example or name.upper() for name, slot in template.slots.items()
              if slot.kind in ("text", "url") and (slot.example or slot.required)}
    return Variant("preview", values, lang)


def preview_template(template: Template, *, out_dir: Path, project: Project | None = None,
                     scale: float | None = None, lang: str = "vi") -> Path:
    """`studio templates show`: a PNG of the template filled with its example text."""
    scale = check_scale(scale) if scale else preview_scale(template)
    run = make_posters([template], [example_variant(template, lang)], out_dir=out_dir,
                       project=project, formats=["png"], scale=scale, sheet=False)
    return run.outputs[0]
