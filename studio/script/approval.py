"""Approval: writing an approval into a script, and the one gate every render passes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from studio.errors import ApprovalError, ScriptError, setting
from studio.fsutil import write_text_atomic
from studio.project import Project
from studio.script.model import DRAFT_SUFFIX, DRAFT_WATERMARK, Script
from studio.script.checksum import script_checksum
from studio.script.source import parse_front_matter, read_text, split
from studio.text import nfc


@dataclass(frozen=True)
class Release:
    """How a render may go out: final, or marked as a draft."""

    draft: bool

    @property
    def suffix(self) -> str:
        """Ending for output names: '' or '-draft'."""
        return DRAFT_SUFFIX if self.draft else ""

    @property
    def watermark(self) -> str | None:
        """Text visual outputs must carry, or None."""
        return DRAFT_WATERMARK if self.draft else None

    def name(self, stem: str, ext: str) -> str:
        """`stem[-draft].ext`."""
        return f"{stem}{self.suffix}.{ext.lstrip('.')}"


FINAL = Release(draft=False)
DRAFT = Release(draft=True)


def gate(script: Script, *, allow_draft: bool = False, project: Project | None = None
         ) -> Release:
    """Decide for every render command: approved (and, when signed or the project requires
    it, signed by a trusted approver) → final; otherwise refuse unless `allow_draft`, in
    which case the outputs are marked as drafts. A project that requires signed outputs
    must have its signing key ready before anything is rendered. A campaign is rendered row
    by row (its text still holds `{placeholders}`), never as itself."""
    if script.campaign is not None and (script.status == "approved" or allow_draft):
        raise ScriptError("the script is a campaign: each row of its data file is one "
                          "bulletin, poster or video", file=script.path,
                          line=script.campaign.line,
                          hint="build its rows with: studio build SCRIPT (--only KEY for some)")
    project = project or Project.for_script(script.path)
    ready_to_sign(project)
    problem = approval_problem(script, project) if script.status == "approved" else None
    if script.status == "approved" and problem is None:
        return FINAL
    if allow_draft:
        return DRAFT
    if problem is not None:
        raise ApprovalError(problem, file=script.path,
                            hint=f"have it approved again with a trusted key: "
                                 f"{setting('approval_key')}, or render with "
                                 f"{setting('allow_draft')}")
    if script.status == "stale":
        raise ApprovalError("script changed since it was approved (stale)", file=script.path,
                            hint=f"have it approved again: {setting('approve')}, "
                                 f"or render with {setting('allow_draft')}")
    raise ApprovalError("script is not approved", file=script.path,
                        hint=f"approve it: {setting('approve')}, or render with "
                             f"{setting('allow_draft')}")


def ready_to_sign(project: Project) -> None:
    """Refuse before any work when the project signs its outputs (or must) and its key or
    the C2PA library is not usable — not after a long encode."""
    from studio.provenance.config import load_config
    config = load_config(project.root)
    if config.signing_key is not None or config.require_signed_outputs:
        from studio.provenance.credentials import signing_key
        from studio.provenance.need import need
        signing_key(project.root)
        need("c2pa")


def approval_problem(script: Script, project: Project) -> str | None:
    """Why an approved script's approval does not hold — its signature fails, its
    certificate is not trusted, or it is unsigned where signatures are required — or None."""
    approval = script.approval
    if approval is None:
        return None
    if approval.signature is None:
        from studio.provenance.config import load_config
        if load_config(project.root).require_signed_approvals:
            return "approval is unsigned (checksum only); this project requires signed approvals"
        return None
    from studio.provenance.record import record_problem, signed_at
    from studio.provenance.trust import load_trust
    trust = load_trust(project)
    cert = approver_certificate(approval.key, trust)
    if cert is None:
        return "approval signed with a certificate not among the project's approvers/ (revoked?)"
    record = approval_record(script)
    problem = record_problem(record, approval.signature, cert, trust, signed_at(record))
    return f"signed approval does not hold: {problem}" if problem else None


def approver_certificate(fingerprint: str | None, trust):
    """The trusted approver certificate with this fingerprint, or None."""
    from studio.provenance.certs import fingerprint as fingerprint_of
    return next((c for c in trust.approvers if fingerprint_of(c) == fingerprint), None)


def approval_record(script: Script) -> dict:
    """What an approver's key signs: the content checksum (every key of the front matter but
    the checksum and signature, and the body), who, when and with which certificate."""
    approval = script.approval
    return signed_record(script.checksum, script, approval.by, approval.on, approval.at,
                         approval.key)


def signed_record(content: str, script: Script, by: str, on: dt.date, at: str | None,
                  key: str | None) -> dict:
    """The approval record itself, as both the signer and every check build it."""
    return {"v": 1, "content": content, "script": script.id, "title": script.title,
            "by": by, "on": on.isoformat(), "at": at, "key": key}


def signed_by(script: Script, project: Project | None = None) -> str | None:
    """'Name (Organisation) sha256:…' of the certificate a signed approval names, or None."""
    if script.approval is None or script.approval.signature is None:
        return None
    from studio.provenance.certs import identity_of
    from studio.provenance.trust import load_trust
    cert = approver_certificate(script.approval.key,
                                load_trust(project or Project.for_script(script.path)))
    if cert is None:
        return f"an untrusted certificate {script.approval.key[:23]}…"
    who = identity_of(cert)
    return f"{who.name} ({who.org}) {script.approval.key[:23]}…"


def claim(script: Script, release: Release, project: Project | None = None):
    """What an output's Content Credentials say of this script: the organisation, the
    approval with its signature and certificate, the checksum, draft or final."""
    from studio.provenance import Claim
    project = project or Project.for_script(script.path)
    approval = None
    if script.approval is not None and not release.draft:
        approval = {"record": approval_record(script), "signature": script.approval.signature,
                    "certificate": None}
        if script.approval.signature:
            from studio.provenance.certs import to_pem
            from studio.provenance.trust import load_trust
            cert = approver_certificate(script.approval.key, load_trust(project))
            approval["certificate"] = to_pem(cert) if cert is not None else None
    return Claim(root=project.root, title=script.title, script_id=script.id,
                 checksum=script.checksum, organization=script.organization,
                 approval=approval, draft=release.draft)


def _without_approval(front_lines: list[str]) -> list[str]:
    """Front-matter lines minus a top-level `approval:` key and its indented lines."""
    out: list[str] = []
    skipping = False
    for line in front_lines:
        if re.match(r"^approval\s*:", line):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _signing(key: Path, passphrase: str | None, project: Project):
    """The approver's key, refused unless the project trusts its certificate today."""
    from studio.provenance.certs import utcnow
    from studio.provenance.keys import load_key
    from studio.provenance.need import ProvenanceError
    from studio.provenance.trust import load_trust
    loaded = load_key(Path(key), passphrase, what="approver key")
    if (problem := load_trust(project).problem(loaded.cert, utcnow())) is not None:
        raise ProvenanceError(f"this key cannot approve: {problem}", file=key,
                              hint="use a key whose certificate is in approvers/ "
                                   "('studio keys new' or 'studio keys import')")
    return loaded


def approve(path: str | Path, by: str | None = None, on: dt.date | None = None,
            project: Project | None = None, *, key: str | Path | None = None,
            passphrase: str | None = None) -> Script:
    """Write `approval: {by, on, checksum}` into the script's front matter, leaving the rest
    of the file as written (the checksum signs the content and who approved it when); with
    an approver's `key`, also when exactly, the certificate and a signature of the record.
    Return the reloaded (now approved) script."""
    from studio.script.load import load

    path = Path(path)
    trusting = project or Project.for_script(path)
    signer = _signing(Path(key), passphrase, trusting) if key else None
    if by is None and signer is not None:
        from studio.provenance.certs import identity_of
        by = identity_of(signer.cert).name
    by = nfc(" ".join((by or "").split()))  # as the file will be read back: NFC
    if not by:
        raise ScriptError(f"{setting('by')} is empty", hint="name the person or body approving the script")
    current = load(path, project)  # refuse a broken script before touching it
    on = on or dt.date.today()
    text = read_text(path)
    source = split(path, text)
    values = parse_front_matter(source).values
    record: dict = {"by": by, "on": on}
    if signer is not None:
        from studio.provenance.certs import fingerprint, utcnow
        record |= {"at": utcnow().replace(microsecond=0).isoformat(),
                   "key": fingerprint(signer.cert)}
    checksum = script_checksum({**values, "approval": record}, source.body,
                               current.campaign.sha256 if current.campaign else None)
    lines = text.split("\n")
    front = _without_approval(lines[1:source.fence_end_line - 1])
    block = ["approval:", f"  by: {_yaml_string(by)}", f"  on: {on.isoformat()}",
             *[f"  {k}: {_yaml_string(record[k])}" for k in ("at", "key") if k in record],
             f"  checksum: {checksum}"]
    if signer is not None:
        from studio.provenance.record import sign_record
        signed = signed_record(checksum, current, by, on, record["at"], record["key"])
        block.append(f"  signature: {_yaml_string(sign_record(signed, signer.key))}")
    new_text = "\n".join([lines[0], *front, *block, *lines[source.fence_end_line - 1:]])
    raw = path.read_bytes()
    if b"\r\n" in raw:  # a file saved on Windows keeps its line ends
        new_text = new_text.replace("\n", "\r\n")
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    write_text_atomic(path, bom + new_text)
    approved = load(path, project)
    if approved.status != "approved" or (signer and approval_problem(approved, trusting)):
        raise ScriptError("approval could not be written consistently", file=path)
    return approved


def verify_script(path: str | Path, project: Project | None = None):
    """A script's approval as `studio verify` reports it: trusted only when it is approved,
    unchanged since, and signed by a trusted approver whose signature still holds."""
    from studio.provenance.verify import TAMPERED, TRUSTED, UNSIGNED, UNTRUSTED, Verdict
    from studio.script.load import load
    script = load(path, project)
    project = project or Project.for_script(script.path)
    approval = script.approval
    facts = dict(file=str(path), script=script.id, title=script.title,
                 checksum=script.checksum, approver=approval.by if approval else None,
                 approved_on=approval.on.isoformat() if approval else None,
                 certificate=signed_by(script, project))
    if script.status == "draft":
        return Verdict(state=UNSIGNED, problems=("the script is not approved",), **facts)
    if script.status == "stale":
        return Verdict(state=TAMPERED, problems=("the script changed since it was approved "
                                                 "(stale)",), **facts)
    if approval.signature is None:
        return Verdict(state=UNSIGNED, problems=("the approval is unsigned (checksum only)",),
                       **facts)
    problem = approval_problem(script, project)
    return Verdict(state=UNTRUSTED if problem else TRUSTED,
                   problems=(problem,) if problem else (), **facts)
