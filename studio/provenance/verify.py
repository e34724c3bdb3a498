"""Reading an output's Content Credentials back: valid and trusted (the build's signature
chains to a root in the trust list and the media is unchanged), who approved it with which
certificate and whether that signature still holds, and which script it came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from studio.project import FileKind, Project, readable_file
from studio.provenance import certs
from studio.provenance.credentials import ASSERTION, MIME_TYPES, mime_type
from studio.provenance.need import ProvenanceError, need
from studio.provenance.record import record_problem, signed_at
from studio.provenance.trust import Trust, load_trust

TRUSTED, UNTRUSTED, TAMPERED, UNSIGNED = "trusted", "untrusted", "tampered", "unsigned"
OUTPUT = FileKind("file to verify", missing="check the path", error=ProvenanceError)
PREVIEW = ".preview.jpg"  # what the review page shows in place of a big file: not signed


@dataclass(frozen=True)
class Verdict:
    """One file's verification: its state, who signed and approved it, what it shows."""

    file: str
    state: str
    signer: str | None = None
    approver: str | None = None
    approved_on: str | None = None
    certificate: str | None = None
    script: str | None = None
    title: str | None = None
    checksum: str | None = None
    variant: str | None = None
    draft: bool = False
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Valid, trusted and untouched, with any signed approval holding."""
        return self.state == TRUSTED and not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "problems": list(self.problems), "ok": self.ok}


def reader_settings(trust: Trust) -> dict[str, Any]:
    """A C2PA reader's settings: check trust against the project's roots, offline."""
    settings: dict[str, Any] = {"verify": {"verify_trust": True}}
    if trust.roots:
        settings["trust"] = {"user_anchors": trust.roots_pem}
    return settings


def read_manifest(path: Path, trust: Trust) -> tuple[str, dict | None, list[str]]:
    """(validation state, active manifest, failure codes) as c2pa reads them; no manifest
    when the file carries no credentials (no failure) or unreadable ones (the error)."""
    c2pa = need("c2pa")
    context = c2pa.Context.from_dict(reader_settings(trust))
    try:
        with open(path, "rb") as stream:
            reader = c2pa.Reader(mime_type(path), stream, context=context)
            state = reader.get_validation_state() or ""
            manifest = reader.get_active_manifest()
            results = reader.get_validation_results() or {}
    except c2pa.C2paError as exc:
        missing = "ManifestNotFound" in type(exc).__name__
        return "", None, [] if missing else [str(exc)]
    failures = [f"{item.get('code')}" for item in
                (results.get("activeManifest") or {}).get("failure", [])]
    return state, manifest, failures


def _assertion(manifest: dict) -> dict | None:
    """studio's approval assertion in the active manifest, if there is one."""
    for item in manifest.get("assertions", []):
        if item.get("label") == ASSERTION:
            return item.get("data")
    return None


def approval_problems(approval: dict | None, trust: Trust) -> tuple[dict, list[str]]:
    """(what the approval says, why it does not hold) from the assertion's signed record."""
    if not approval:
        return {}, []
    record = approval.get("record") or {}
    facts = {"approver": record.get("by"), "approved_on": record.get("on")}
    if not approval.get("signature"):  # a checksum-only approval: said so, not refused
        return facts, []
    try:
        cert = certs.from_pem(str(approval.get("certificate", "")).encode("ascii"))[0]
    except Exception:  # noqa: BLE001 — anything unreadable is simply not a certificate
        return facts, ["the approval carries no readable certificate"]
    who = certs.identity_of(cert)
    facts["certificate"] = f"{who.name} ({who.org}) {certs.fingerprint(cert)[:23]}…"
    problem = record_problem(record, str(approval.get("signature", "")), cert, trust,
                             signed_at(record))
    return facts, [f"approval: {problem}"] if problem else []


def verify_file(path: str | Path, project: Project, trust: Trust | None = None) -> Verdict:
    """Verify one output against the project's trust list."""
    path = Path(path)
    trust = trust if trust is not None else load_trust(project)
    try:
        mime_type(path)
    except Exception:  # noqa: BLE001 — a kind of file that cannot carry credentials
        return Verdict(str(path), UNSIGNED, problems=("this kind of file carries no "
                                                      "Content Credentials",))
    readable_file(path, OUTPUT)
    state, manifest, failures = read_manifest(path, trust)
    if manifest is None and failures:
        return Verdict(str(path), TAMPERED, problems=(
            f"the Content Credentials cannot be read ({failures[0]})",))
    if manifest is None:
        return Verdict(str(path), UNSIGNED, problems=("no Content Credentials",))
    data = _assertion(manifest) or {}
    facts, problems = approval_problems(data.get("approval"), trust)
    info = manifest.get("signature_info") or {}
    signer = " — ".join(x for x in (info.get("common_name"), info.get("issuer")) if x) or None
    if state == "Invalid" or failures and state != "Trusted":
        verdict_state = TAMPERED if _tampered(failures) else UNTRUSTED
    else:
        verdict_state = TRUSTED if state == "Trusted" else UNTRUSTED
    if verdict_state != TRUSTED:
        problems = [*_explain(verdict_state, failures), *problems]
    if not data:
        problems.append("not made by studio (no approval assertion)")
    script = data.get("script") or {}
    return Verdict(str(path), verdict_state, signer=signer, script=script.get("id"),
                   title=data.get("title"), checksum=script.get("checksum"),
                   variant=data.get("variant"), draft=bool(data.get("draft")),
                   problems=tuple(problems), **facts)


TAMPER_CODES = ("mismatch", "dataHash", "bmffHash", "hashedURI", "claimSignature.mismatch")


def _tampered(failures: list[str]) -> bool:
    """Whether the failures say the bytes changed (rather than whom to trust)."""
    return any(any(code in f for code in TAMPER_CODES) for f in failures)


def _explain(state: str, failures: list[str]) -> list[str]:
    """One reason a person can read, with c2pa's own codes after it."""
    codes = ", ".join(failures)
    if state == TAMPERED:
        return [f"the file was changed after signing ({codes})"]
    if any("expired" in f for f in failures):
        return [f"the signing certificate has expired ({codes})"]
    return [f"signed by a certificate this project does not trust ({codes or 'no trusted root'})"]


def credentials_state(path: Path, root: Path) -> str | None:
    """What the review page shows for one output: its verification state (`trusted` only
    when everything holds), or None where the project signs nothing or the file cannot
    carry credentials."""
    from studio.provenance.config import load_config
    config = load_config(root)
    if config.signing_key is None and not config.require_signed_outputs:
        return None
    if Path(path).suffix.lower() not in MIME_TYPES or Path(path).name.endswith(PREVIEW):
        return None
    verdict = verify_file(path, Project.at(root))
    return TRUSTED if verdict.ok else (UNTRUSTED if verdict.state == TRUSTED
                                       else verdict.state)
