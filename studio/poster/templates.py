"""Finding poster templates: the project's `templates/` folder first, then the built-ins.

A project template with a built-in's name replaces it; `extends: NAME` starts from another
template (a project `a3.yaml` that says `extends: a3` extends the built-in a3).
"""

from __future__ import annotations

import re
from pathlib import Path

from studio.errors import TemplateError
from studio.resources import builtin_assets
from studio.poster.template_model import Template
from studio.poster.template_schema import build_template
from studio.poster.template_yaml import Node, Origins, merge, read_yaml
from studio.project import Project, real_path
from studio.text import did_you_mean
from studio.text import slugify

BUILTIN_DIR = builtin_assets() / "templates"
PROJECT_DIR = "templates"
SUFFIXES = (".yaml", ".yml")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


def template_dirs(project: Project | None = None) -> list[tuple[Path, str]]:
    """Folders searched for templates, first wins: (folder, 'project' | 'built-in')."""
    project = project or Project.at()
    dirs = [(project.root / PROJECT_DIR, "project"), (BUILTIN_DIR, "built-in")]
    seen: set[Path] = set()
    out = []
    for folder, origin in dirs:
        if folder.is_dir() and real_path(folder) not in seen:
            seen.add(real_path(folder))
            out.append((folder, origin))
    return out


def _files(project: Project | None) -> list[tuple[str, Path, str]]:
    """Every template file: (name, path, origin), in search order (duplicates kept)."""
    found = []
    for folder, origin in template_dirs(project):
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in SUFFIXES:
                continue
            if not _NAME.match(path.stem):
                raise TemplateError("a template's file name is its name: lower-case letters, "
                                    "digits and hyphens", file=path,
                                    hint=f"rename it to {slugify(path.stem)}{path.suffix}")
            found.append((path.stem, path, origin))
    return found


def template_names(project: Project | None = None) -> list[str]:
    """Names of every template the project can use, sorted."""
    return sorted({name for name, _, _ in _files(project)})


def _find(name: str, project: Project | None, skip: frozenset[Path] = frozenset()
          ) -> tuple[Path, str]:
    """The file of template `name` (not one in `skip`) and its origin; TemplateError if none."""
    for folder, origin in template_dirs(project):  # the direct look-up: one stat per folder
        for suffix in SUFFIXES:
            path = folder / f"{name}{suffix}"
            if path.is_file() and real_path(path) not in skip:
                return path, origin
    for found, path, origin in _files(project):
        if found == name and real_path(path) not in skip:
            return path, origin
    names = template_names(project)
    raise TemplateError(f"no template named '{name}'", hint=did_you_mean(name, names)
                        + " (see: studio templates)")


def template_path(name: str, project: Project | None = None) -> Path:
    """The file that defines template `name` (a project file wins over a built-in)."""
    return _find(name, project)[0]


def template_files(name: str, project: Project | None = None) -> tuple[Path, ...]:
    """The template's file and every file it extends (all are inputs of a render)."""
    return load_template(name, project).files


def load_template(name_or_path: str | Path, project: Project | None = None) -> Template:
    """A validated template by name (`a3`) or by file path (`my/banner.yaml`)."""
    project = project or Project.at()
    candidate = Path(name_or_path)
    if candidate.suffix.lower() in SUFFIXES:
        if not candidate.is_file():
            raise TemplateError("template file not found", file=candidate,
                                hint="check the path")
        path, origin = real_path(candidate), "file"
    else:
        name = str(name_or_path)
        if not _NAME.match(name):
            raise TemplateError(f"'{name}' is not a template name",
                                hint="use lower-case letters, digits and hyphens (e.g. a3)")
        path, origin = _find(name, project)
    path = real_path(path)
    data, origins, files = _resolve_extends(path, project, ())
    return build_template(data, origins, name=slugify(path.stem, fallback="template"),
                          path=path, origin=origin, files=files, project=project)


def _resolve_extends(path: Path, project: Project, chain: tuple[Path, ...]
                     ) -> tuple[dict, Origins, tuple[Path, ...]]:
    """The file's data merged over everything it extends, with every key's origin line;
    `chain` is the files extending this one, outermost first."""
    data, origins = read_yaml(path)
    parent_node = Node(data.get("extends"), ("extends",), origins)
    parent = parent_node.text()
    if parent is None:
        return data, origins, (path,)
    chain = (*chain, path)
    try:
        parent_path, _ = _find(parent, project, skip=frozenset(chain))
    except TemplateError as exc:
        loop = _loop(parent, project, chain)
        if loop is None:
            raise parent_node.error(exc.message, exc.hint) from None
        if len(loop) == 1:
            raise parent_node.error(f"template '{parent}' extends itself",
                                    "name another template, or delete the 'extends:' line"
                                    ) from None
        raise parent_node.error("templates extend each other in a loop: "
                                + " → ".join(p.stem for p in (*loop, loop[0])),
                                "let one of them extend another template, or none") from None
    parent_data, parent_origins, files = _resolve_extends(real_path(parent_path), project, chain)
    child = {k: v for k, v in data.items() if k != "extends"}
    merged_origins = Origins({**parent_origins.lines, **origins.lines}, file=path)
    return merge(parent_data, child), merged_origins, (path, *files)


def _loop(parent: str, project: Project, chain: tuple[Path, ...]) -> tuple[Path, ...] | None:
    """The files that extend each other in a loop when `parent` can only be a file already in
    `chain` (from that file on), else None."""
    try:
        found, _ = _find(parent, project)
    except TemplateError:
        return None
    found = real_path(found)
    return chain[chain.index(found):] if found in chain else None


def list_templates(project: Project | None = None) -> list[Template]:
    """Every template the project can use (a project file shadows a built-in of its name)."""
    return [load_template(name, project) for name in template_names(project)]


def describe(template: Template) -> dict:
    """A template's facts for listings and --json: size, dpi, pixels, formats, slots."""
    canvas = template.canvas
    width_mm, height_mm = canvas.size_mm
    size = (f"{width_mm:g}×{height_mm:g} mm" if canvas.unit == "mm"
            else f"{canvas.width}×{canvas.height} px")
    bleed_mm = round(canvas.bleed / canvas.dpi * 25.4, 1)
    return {
        "name": template.name,
        "description": template.description,
        "kind": template.kind,
        "size": size,
        "dpi": canvas.dpi,
        "bleed_mm": bleed_mm,
        "pixels": list(canvas.size),
        "pixel_exact": canvas.pixel_exact,
        "formats": list(template.formats),
        "slots": {name: {"kind": s.kind, "required": s.required}
                  for name, s in template.slots.items()},
        "source": template.origin,
        "file": str(template.path),
    }
