"""Key files: a CA or approver's private key (0600, optionally passphrase-protected, never
under outputs/) with its certificate chain beside it, and the public certificate copied into
the project's trusted `approvers/`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from studio.errors import setting
from studio.fsutil import write_text_atomic
from studio.project import FileKind, Project, is_inside, read_file_bytes
from studio.provenance import certs
from studio.provenance.need import ProvenanceError, need
from studio.text import slugify

KEYS_DIR = "keys"
APPROVERS_DIR = "approvers"
CA_STEM = "ca"
PASSPHRASE_ENV = "STUDIO_KEY_PASSPHRASE"
MAX_PEM_BYTES = 256 * 1024
KEEP_OUT = "*\n"  # keys/.gitignore: private keys never go into version control


@dataclass(frozen=True)
class KeyFiles:
    """What `new_ca`/`new_approver` wrote: the private key, its chain, the trusted copy."""

    key: Path
    chain: Path
    trusted: Path
    fingerprint: str


@dataclass(frozen=True)
class LoadedKey:
    """A private key ready to sign, with its certificate chain (signer first)."""

    path: Path
    key: object
    chain: tuple

    @property
    def cert(self):
        return self.chain[0]

    @property
    def chain_pem(self) -> str:
        return "".join(certs.to_pem(c) for c in self.chain)


def keys_dir(project: Project) -> Path:
    """Where private keys go by default: `<root>/keys/`, kept out of version control."""
    return project.root / KEYS_DIR


def approvers_dir(project: Project) -> Path:
    """The project's trust list: CA roots and approver certificates (public, shareable)."""
    return project.root / APPROVERS_DIR


def chain_path(key_path: Path) -> Path:
    """The certificate chain that goes with a key file: same name, `.pem`."""
    return key_path.with_suffix(".pem")


def refuse_outputs(project: Project, path: Path) -> None:
    """A private key must never land where outputs are published."""
    if is_inside(path.resolve(), project.outputs.resolve()):
        raise ProvenanceError("a private key may not be written under outputs/", file=path,
                              hint="keep keys in keys/ or on a USB stick you hold")


def _write_private(path: Path, key, passphrase: str | None) -> None:
    """The key as PKCS#8 PEM, created 0600 (never readable by others, never replaced)."""
    from cryptography.hazmat.primitives import serialization
    encryption = (serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
                  if passphrase else serialization.NoEncryption())
    data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             encryption)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.parent.name == KEYS_DIR and not (path.parent / ".gitignore").exists():
        write_text_atomic(path.parent / ".gitignore", KEEP_OUT)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o600)
    except FileExistsError:
        raise ProvenanceError("a key file already exists here", file=path,
                              hint="choose another name, or move the old key away first"
                              ) from None
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _refuse_existing(*paths: Path) -> None:
    """Never overwrite a key or a trusted certificate: a lost key cannot be made again."""
    for path in paths:
        if path.exists():
            raise ProvenanceError("file already exists", file=path,
                                  hint="choose another name, or move the old file away first")


def new_ca(project: Project, org: str, *, name: str | None = None,
           passphrase: str | None = None, folder: Path | None = None) -> KeyFiles:
    """A new CA for the project: `keys/ca.key` (0600) and its root in `approvers/ca.pem`."""
    folder = Path(folder) if folder else keys_dir(project)
    key_path = folder / f"{CA_STEM}.key"
    trusted = approvers_dir(project) / f"{CA_STEM}.pem"
    refuse_outputs(project, key_path)
    _refuse_existing(key_path, trusted)
    key = certs.new_private_key()
    cert = certs.make_ca(key, certs.Identity(name or f"{org} CA", org))
    _write_private(key_path, key, passphrase)
    write_text_atomic(chain_path(key_path), certs.to_pem(cert))
    write_text_atomic(trusted, certs.to_pem(cert))
    return KeyFiles(key_path, chain_path(key_path), trusted, certs.fingerprint(cert))


def new_approver(project: Project, name: str, org: str, *, passphrase: str | None = None,
                 ca_key: Path | None = None, ca_passphrase: str | None = None,
                 folder: Path | None = None, years: int = certs.APPROVER_YEARS) -> KeyFiles:
    """A key pair for `name` with a certificate from the CA; the certificate is trusted."""
    ca = load_key(Path(ca_key) if ca_key else keys_dir(project) / f"{CA_STEM}.key",
                  ca_passphrase, what="CA key",
                  missing="create the project's CA with 'studio keys ca', or give "
                          f"{setting('ca_key')}")
    if not certs.is_ca(ca.cert):
        raise ProvenanceError("this key's certificate is not a CA", file=ca.path,
                              hint=f"give the CA key: {setting('ca_key')}")
    stem = slugify(name) or "approver"
    folder = Path(folder) if folder else keys_dir(project)
    key_path = folder / f"{stem}.key"
    trusted = approvers_dir(project) / f"{stem}.pem"
    refuse_outputs(project, key_path)
    _refuse_existing(key_path, chain_path(key_path), trusted)
    key = certs.new_private_key()
    cert = certs.issue(ca.cert, ca.key, key.public_key(), certs.Identity(name, org), years=years)
    _write_private(key_path, key, passphrase)
    write_text_atomic(chain_path(key_path), certs.to_pem(cert) + certs.to_pem(ca.cert))
    write_text_atomic(trusted, certs.to_pem(cert))
    return KeyFiles(key_path, chain_path(key_path), trusted, certs.fingerprint(cert))


def import_certificate(project: Project, path: Path) -> Path:
    """Trust a certificate issued elsewhere (a province's root, or an approver it certified):
    a CA goes in as a root; an approver only if a root already in `approvers/` issued it."""
    from studio.provenance.trust import load_trust
    cert = certs.from_pem(read_pem(path), str(path))[0]
    if not certs.is_ca(cert) and not any(certs.issued_by(cert, root)
                                         for root in load_trust(project).roots):
        raise ProvenanceError("no trusted CA issued this certificate", file=path,
                              hint="import the CA's root certificate first")
    who = certs.identity_of(cert)
    target = approvers_dir(project) / f"{slugify(who.name) or 'certificate'}.pem"
    _refuse_existing(target)
    write_text_atomic(target, certs.to_pem(cert))
    return target


def read_pem(path: Path, missing: str = "check the path") -> bytes:
    """A key or certificate file's bytes (a regular, small, readable file)."""
    kind = FileKind("key or certificate file", missing=missing, max_bytes=MAX_PEM_BYTES,
                    error=ProvenanceError)
    return read_file_bytes(path, kind)


def passphrase_from_env() -> str | None:
    """The passphrase for unattended builds, from the environment (never from a file)."""
    return os.environ.get(PASSPHRASE_ENV) or None


def load_key(path: Path, passphrase: str | None = None, *, what: str = "key",
             missing: str = "check the path") -> LoadedKey:
    """A private key and its chain file; one line if either is missing, wrong or locked."""
    serialization = need("cryptography.hazmat.primitives.serialization")
    data = read_pem(path, missing)
    passphrase = passphrase or passphrase_from_env()
    try:
        key = serialization.load_pem_private_key(
            data, passphrase.encode("utf-8") if passphrase else None)
    except TypeError:
        raise ProvenanceError(f"{what} is protected by a passphrase", file=path,
                              hint=f"give it: {setting('passphrase')}") from None
    except ValueError:
        raise ProvenanceError(f"{what} cannot be opened (wrong passphrase, or not a key)",
                              file=path, hint=f"check {setting('passphrase')} and the file"
                              ) from None
    chain_file = chain_path(path)
    if not chain_file.exists():
        raise ProvenanceError(f"{what} has no certificate beside it", file=chain_file,
                              hint="keep the .pem 'studio keys' wrote next to the .key")
    chain = tuple(certs.from_pem(read_pem(chain_file), str(chain_file)))
    if not _same_key(key, chain[0]):
        raise ProvenanceError("the certificate does not belong to this key", file=chain_file,
                              hint="keep each .key with the .pem written with it")
    return LoadedKey(path, key, chain)


def _same_key(key, cert) -> bool:
    """Whether `cert` certifies this private key's public half."""
    from cryptography.hazmat.primitives import serialization
    raw = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    return key.public_key().public_bytes(*raw) == cert.public_key().public_bytes(*raw)
