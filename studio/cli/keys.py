"""`studio keys`: a project's CA, approver keys and the trusted certificates in approvers/."""

from __future__ import annotations

from pathlib import Path

import click

from studio.cli.options import get_project, project_option


def _ask(asked: bool, what: str) -> str | None:
    """A passphrase typed twice (hidden), only when `--passphrase` was given."""
    if not asked:
        return None
    return click.prompt(f"Passphrase for the {what}", hide_input=True,
                        confirmation_prompt=True)


def _wrote(files) -> None:
    click.echo(f"private key: {files.key} (keep it secret; never copy it into outputs/)")
    click.echo(f"certificate chain: {files.chain}")
    click.echo(f"trusted: {files.trusted} ({files.fingerprint[:23]}…)")


@click.group()
def keys() -> None:
    """Keys and certificates for signed approvals and Content Credentials.

    \b
    Example:
        studio keys ca --org "Sở Thông tin và Truyền thông tỉnh Cao Bằng"
        studio keys new --name "Nguyễn Văn An" --org "UBND tỉnh Cao Bằng"
        studio keys list
    """


@keys.command("ca")
@click.option("--org", required=True, help="Organisation that runs the CA.")
@click.option("--name", default=None, help="The CA's own name (default: ORG CA).")
@click.option("--passphrase", "ask", is_flag=True, help="Protect the CA key with a passphrase.")
@project_option
def ca(org: str, name: str | None, ask: bool, project: Path | None) -> None:
    """Create the project's CA: keys/ca.key (0600) and its root approvers/ca.pem."""
    from studio.provenance.keys import new_ca
    _wrote(new_ca(get_project(project), org, name=name, passphrase=_ask(ask, "CA key")))


@keys.command("new")
@click.option("--name", required=True, help="Person (or build) the key belongs to.")
@click.option("--org", required=True, help="Organisation they act for.")
@click.option("--ca-key", type=click.Path(path_type=Path), default=None,
              help="The CA's key (default: keys/ca.key).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the private key (default: keys/).")
@click.option("--passphrase", "ask", is_flag=True, help="Protect the new key with a passphrase.")
@project_option
def new(name: str, org: str, ca_key: Path | None, out: Path | None, ask: bool,
        project: Path | None) -> None:
    """Create a key pair with a certificate from the CA, and trust it (approvers/).

    The CA key's passphrase, if any, is read from STUDIO_KEY_PASSPHRASE."""
    from studio.provenance.keys import new_approver
    _wrote(new_approver(get_project(project), name, org, passphrase=_ask(ask, "new key"),
                        ca_key=ca_key, folder=out))


@keys.command("import")
@click.argument("certificate", type=click.Path(path_type=Path))
@project_option
def import_(certificate: Path, project: Path | None) -> None:
    """Trust a certificate issued elsewhere: a CA root, or an approver a trusted CA issued."""
    from studio.provenance.keys import import_certificate
    click.echo(f"trusted: {import_certificate(get_project(project), certificate)}")


@keys.command("list")
@project_option
def list_(project: Path | None) -> None:
    """The project's trust list: CA roots and approvers, with fingerprints and validity."""
    from studio.provenance import certs
    from studio.provenance.trust import load_trust
    trust = load_trust(get_project(project))
    for kind, found in (("root", trust.roots), ("approver", trust.approvers)):
        for cert in found:
            who = certs.identity_of(cert)
            click.echo(f"{kind}: {who.name} ({who.org}) {certs.fingerprint(cert)[:23]}… "
                       f"valid {cert.not_valid_before_utc:%Y-%m-%d} to "
                       f"{cert.not_valid_after_utc:%Y-%m-%d}")
    if not trust.roots and not trust.approvers:
        click.echo("no trusted certificates in approvers/", err=True)


COMMANDS = [keys]
