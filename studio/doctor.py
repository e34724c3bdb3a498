"""`studio doctor`: is this machine ready to render? Each check is one small function."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from studio.project import Project

@dataclass(frozen=True)
class Finding:
    """One line of the doctor's report."""

    name: str
    ok: bool
    detail: str


def check_ffmpeg() -> Finding:
    """ffmpeg from imageio-ffmpeg, and its version."""
    try:
        from studio.ffmpeg import ffmpeg_exe, ffmpeg_version
        return Finding("ffmpeg", True, f"{ffmpeg_exe()} ({ffmpeg_version()})")
    except Exception as exc:  # noqa: BLE001
        return Finding("ffmpeg", False, str(exc))


def check_pillow() -> Finding:
    """Pillow with raqm, for correct Vietnamese diacritic placement."""
    import PIL
    from PIL import features
    raqm = bool(features.check("raqm"))
    return Finding("pillow", raqm, f"Pillow {PIL.__version__}, raqm {'yes' if raqm else 'no'}")


def check_fonts() -> Finding:
    """The Vietnamese and CJK faces studio draws with."""
    from studio.graphics.fonts import CJK_FAMILY, LATIN_FAMILY, font_file
    found, missing = [], []
    for family in (LATIN_FAMILY, CJK_FAMILY):
        try:
            font_file(family, 700)
            found.append(family)
        except Exception:  # noqa: BLE001
            missing.append(family)
    detail = "found: " + ", ".join(found) + (f"; missing: {', '.join(missing)}" if missing else "")
    return Finding("fonts", not missing, detail)


def check_tts(network: bool = True, project: Project | None = None) -> list[Finding]:
    """Each speech engine and whether it is usable now; the online one is probed (≤ 3 s)."""
    try:
        from studio.speech.engines import engine_status
    except ImportError:
        return [Finding("tts", False, "speech engines not installed")]
    return [Finding(f"tts {name}", ok, detail)
            for name, ok, detail in engine_status(probe_network=network,
                                                  root=project.root if project else None)]


def check_neural_voices(project: Project) -> list[Finding]:
    """Each voice file in the project's `voices/` loads and speaks — tried in a child
    process, so a file the runtime cannot take is reported, not fatal."""
    from studio.errors import StudioError
    from studio.speech.neural import project_voices, runtime_installed, verify
    if not runtime_installed():
        return []
    findings = []
    for model in project_voices(project.root):
        try:
            findings.append(Finding(f"voice {model.stem}", True, verify(model)))
        except StudioError as exc:
            findings.append(Finding(f"voice {model.stem}", False, exc.describe()))
    return findings


def check_outputs(project: Project) -> Finding:
    """The outputs folder can be created and written."""
    try:
        project.outputs.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=project.outputs, prefix=".studio-doctor-"):
            pass
        return Finding("outputs", True, f"{project.outputs} writable")
    except OSError as exc:
        return Finding("outputs", False, f"{project.outputs} not writable: {exc.strerror}")


def diagnose(project: Project | None = None, *, network: bool = True) -> list[Finding]:
    """Every check, in the order a person would fix them."""
    project = project or Project.at()
    return [check_ffmpeg(), check_pillow(), check_fonts(), *check_tts(network, project),
            *check_neural_voices(project), check_outputs(project)]


def is_healthy(findings: list[Finding]) -> bool:
    """The online voices and the neural engine are optional (a voice file present must
    load); everything else must be OK."""
    optional = ("tts gtts", "tts edge", "tts neural")
    return all(f.ok for f in findings if f.name not in optional)


__all__ = ["Finding", "diagnose", "is_healthy"]
