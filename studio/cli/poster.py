"""`studio poster` (render posters and banners) and `studio templates` (list, show)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from studio.cli.options import (draft_option, get_project, json_option, notice, out_option,
                                print_paths, project_option, quiet_option)
from studio.cli.progress import StageProgress
from studio.errors import StudioError

POSTERS_DIR = "posters"
PROGRESS_FROM = 20  # posters: fewer are done before a bar would be read


def _formats(value: str | None) -> list[str] | None:
    """`--format png,pdf` as a list."""
    return [f for f in value.split(",") if f.strip()] if value else None


@click.command()
@click.argument("target", required=False)
@click.option("-t", "--template", "templates", multiple=True, metavar="NAMES",
              help="Template(s): repeat or separate with commas.")
@click.option("--all-sizes", is_flag=True, help="Render in every template.")
@click.option("--set", "assignments", multiple=True, metavar="SLOT=VALUE",
              help="Fill a slot (repeat for several).")
@click.option("--data", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="CSV with one variant per row; columns are slot names (plus id, lang).")
@click.option("--name", default=None, help="Output name for --set (default: from headline).")
@click.option("--lang", default="vi", show_default=True,
              help="Language of --set/--data text (chooses the font; zh uses a CJK face).")
@click.option("--format", "formats", default=None, metavar="LIST",
              help="png,jpeg,pdf (default: the template's own).")
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="Preview scale: 0.1 makes a 10× smaller file with the same physical size.")
@click.option("--no-sheet", is_flag=True, help="Do not write the contact sheet.")
@draft_option
@out_option
@project_option
@json_option
@quiet_option
def poster(target: str | None, templates: tuple[str, ...], all_sizes: bool,
           assignments: tuple[str, ...], data: Path | None, name: str | None, lang: str,
           formats: str | None, scale: float, no_sheet: bool, draft: bool, out: Path | None,
           project: Path | None, as_json: bool, quiet: bool) -> None:
    """Render posters, banners, LED and social images from templates.

    TARGET is a script (.md: its `poster:` block, through the approval gate) or template
    name(s). Text comes from --set, from --data (one variant per CSV row) or from the script.
    Writes to outputs/<id>/ for a script, else outputs/posters/, and prints each path.

    \b
    Example:
        studio poster a3 --set headline="Chung tay vì trẻ em!" --set subline="Xã Hữu Lũng"
        studio poster --template facebook,square --data slogans.csv
        studio poster scripts/bay-cong-uoc.md --all-sizes --scale 0.1 --draft
    """
    from studio.poster.runs import (all_templates, make_posters, resolve_templates,
                                         script_posters)
    from studio.poster.variants import (parse_assignments, variant_from_values,
                                          variants_from_csv)
    from studio.script import DRAFT, FINAL, load
    proj = get_project(project)
    names = list(templates)
    if target and target.lower().endswith(".md"):
        if assignments or data:
            raise StudioError("--set and --data cannot change a script's poster",
                              hint="edit the script's 'poster:' block and approve it again")
        script = load(Path(target), proj)
        if all_sizes:
            names = [t.name for t in all_templates(proj)]
        run = script_posters(script, names, project=proj, out=out, allow_draft=draft,
                             formats=_formats(formats), scale=scale, sheet=not no_sheet)
    else:
        chosen = (all_templates(proj) if all_sizes
                  else resolve_templates(([target] if target else []) + names, proj))
        if not chosen:
            raise StudioError("no template given",
                              hint="name one (studio poster a3 ...) or use --all-sizes; "
                                   "see: studio templates")
        values = parse_assignments(assignments)
        if data:
            variants, warnings = variants_from_csv(data, chosen, lang=lang, defaults=values)
            for warning in warnings if not quiet else ():
                notice(f"warning: {warning}")
            sheet_name = data.stem
        else:
            variants, sheet_name = [variant_from_values(values, name=name, lang=lang)], "posters"
        out_dir = out or proj.outputs / POSTERS_DIR
        with StageProgress(enabled=not quiet, least=PROGRESS_FROM) as progress:
            run = make_posters(chosen, variants, out_dir=out_dir, project=proj,
                               release=DRAFT if draft else FINAL, formats=_formats(formats),
                               scale=scale, sheet_name=sheet_name, sheet=not no_sheet,
                               progress=progress)
    print_paths(run.paths, as_json)


def _list(project: Path | None, as_json: bool) -> None:
    """Print every template, one line each (or JSON)."""
    from studio.poster.templates import describe, list_templates
    infos = [describe(t) for t in list_templates(get_project(project))]
    if as_json:
        click.echo(json.dumps(infos, ensure_ascii=False, indent=2))
        return
    for info in infos:
        slots = ", ".join(f"{n}*" if s["required"] else n for n, s in info["slots"].items())
        pixels = "×".join(str(v) for v in info["pixels"])
        click.echo(f"{info['name']:<14} {info['size']:<16} {info['dpi']:>5g} dpi "
                   f"{pixels:>12} px  {','.join(info['formats']):<9} {info['source']:<8} "
                   f"slots: {slots}")


@click.group(invoke_without_command=True)
@project_option
@json_option
@click.pass_context
def templates(ctx: click.Context, project: Path | None, as_json: bool) -> None:
    """Poster templates: list them (default) or preview one.

    Templates are YAML files in the project's templates/ folder (which win) and the built-in
    assets/templates/. Required slots are marked *.

    \b
    Example:
        studio templates
        studio templates show bang-ron
    """
    if ctx.invoked_subcommand is None:
        _list(project, as_json)


@templates.command("list")
@project_option
@json_option
def list_command(project: Path | None, as_json: bool) -> None:
    """List templates with size, dpi, pixels, formats and slots (* = required).

    \b
    Example:
        studio templates list --json
    """
    _list(project, as_json)


@templates.command("show")
@click.argument("name")
@click.option("--scale", type=float, default=None,
              help="Preview scale (default: longest side at most 1600 px).")
@click.option("--lang", default="vi", show_default=True, help="Language of the preview text.")
@out_option
@project_option
@json_option
def show_command(name: str, scale: float | None, lang: str, out: Path | None,
                 project: Path | None, as_json: bool) -> None:
    """Describe a template and render a preview PNG with its example text.

    The preview goes to outputs/templates/ (or -o DIR); its path is printed.

    \b
    Example:
        studio templates show a3
        studio templates show led-p10 --scale 1 -o previews/
    """
    from studio.poster.runs import preview_template
    from studio.poster.templates import describe, load_template
    proj = get_project(project)
    template = load_template(name, proj)
    info = describe(template)
    path = preview_template(template, out_dir=out or proj.outputs / "templates", project=proj,
                            scale=scale, lang=lang)
    if as_json:
        click.echo(json.dumps({**info, "outputs": [str(path)]}, ensure_ascii=False, indent=2))
        return
    notice(f"{info['name']}: {info['description']}")
    notice(f"  size {info['size']} at {info['dpi']:g} dpi, bleed {info['bleed_mm']:g} mm "
           f"→ {info['pixels'][0]}×{info['pixels'][1]} px; formats {', '.join(info['formats'])}")
    for slot, spec in info["slots"].items():
        notice(f"  slot {slot} ({spec['kind']}{', required' if spec['required'] else ''})")
    notice(f"  file {info['file']}")
    print_paths([path], False)


COMMANDS = [poster, templates]
