"""X.509 for approvers: a project's (or province's) CA and the end-entity certificates it
issues. C2PA readers accept only an end-entity certificate issued by a CA, with KeyUsage
digitalSignature, an AuthorityKeyIdentifier and the emailProtection EKU; Ed25519 is small
and fast to make on a commune's PC."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from studio.provenance.need import ProvenanceError, need
from studio.text import nfc

CA_YEARS = 10
APPROVER_YEARS = 2
BACKDATE = dt.timedelta(hours=1)  # a PC clock a little behind must still accept a new cert


@dataclass(frozen=True)
class Identity:
    """Who a certificate names: a person (or build) and the organisation they act for."""

    name: str
    org: str


def utcnow() -> dt.datetime:
    """Now, timezone-aware (certificate times are UTC)."""
    return dt.datetime.now(dt.timezone.utc)


def new_private_key():
    """A fresh Ed25519 private key."""
    return need("cryptography.hazmat.primitives.asymmetric.ed25519").Ed25519PrivateKey.generate()


def _name(identity: Identity):
    """The X.509 subject for an identity (NFC, so a name compares as it reads)."""
    x509 = need("cryptography.x509")
    from cryptography.x509.oid import NameOID
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, nfc(identity.name)),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, nfc(identity.org))])


def _key_usage(*, ca: bool):
    """digitalSignature always (C2PA needs it); certificate signing only for a CA."""
    x509 = need("cryptography.x509")
    return x509.KeyUsage(digital_signature=True, content_commitment=False,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=ca, crl_sign=ca, encipher_only=False,
                         decipher_only=False)


def _hash_for(key):
    """The digest a key signs certificates with (None for Ed25519, which has its own)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ed25519
    return None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()


def make_ca(key, identity: Identity, *, years: int = CA_YEARS, start: dt.datetime | None = None):
    """A self-signed root that may issue approver certificates (and nothing deeper)."""
    x509 = need("cryptography.x509")
    start = start or utcnow() - BACKDATE
    name = _name(identity)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(ca=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, _hash_for(key)))


def issue(ca_cert, ca_key, public_key, identity: Identity, *, years: int = APPROVER_YEARS,
          start: dt.datetime | None = None, end: dt.datetime | None = None):
    """An end-entity certificate for `identity` signed by the CA, as C2PA readers require."""
    x509 = need("cryptography.x509")
    from cryptography.x509.oid import ExtendedKeyUsageOID
    start = start or utcnow() - BACKDATE
    end = end or start + dt.timedelta(days=365 * years)
    return (x509.CertificateBuilder().subject_name(_name(identity))
            .issuer_name(ca_cert.subject).public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(ca=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, _hash_for(ca_key)))


def to_pem(cert) -> str:
    """A certificate as PEM text."""
    from cryptography.hazmat.primitives import serialization
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def from_pem(data: bytes, where: str = "certificate") -> list:
    """Every certificate in PEM `data`, first (the signer's own) first."""
    x509 = need("cryptography.x509")
    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError:
        certs = []
    if not certs:
        raise ProvenanceError(f"{where} holds no PEM certificate",
                              hint="give the .pem file 'studio keys' wrote")
    return certs


def fingerprint(cert) -> str:
    """`sha256:…` of the certificate's DER bytes: how a script names who signed it."""
    from cryptography.hazmat.primitives import serialization
    return "sha256:" + hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def identity_of(cert) -> Identity:
    """The name and organisation a certificate states."""
    from cryptography.x509.oid import NameOID

    def first(oid) -> str:
        values = cert.subject.get_attributes_for_oid(oid)
        return nfc(str(values[0].value)) if values else ""
    return Identity(first(NameOID.COMMON_NAME), first(NameOID.ORGANIZATION_NAME))


def is_ca(cert) -> bool:
    """Whether the certificate may issue others (a root in a trust list)."""
    x509 = need("cryptography.x509")
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def issued_by(cert, ca_cert) -> bool:
    """Whether `ca_cert` signed `cert` (the signature checks, names match)."""
    from cryptography.exceptions import InvalidSignature
    try:
        cert.verify_directly_issued_by(ca_cert)
        return True
    except (ValueError, TypeError, InvalidSignature):
        return False


def valid_at(cert, when: dt.datetime) -> bool:
    """Whether `when` lies inside the certificate's validity."""
    return cert.not_valid_before_utc <= when <= cert.not_valid_after_utc
