"""The ``communique`` command: a thin layer that parses, calls one library function, and prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from communique import __version__
from communique.errors import CommuniqueError
from communique.extract import extract
from communique.project import Project
from communique.scaffold import NewProject, init_project


class _Group(click.Group):
    """Turns every :class:`CommuniqueError` into ``Error: …`` on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CommuniqueError as exc:
            # Printed as "Error: <what>" on stderr, exit code 1, like every click failure.
            raise click.ClickException(str(exc)) from None


def _project(ctx: click.Context) -> Project:
    folder: Path | None = ctx.find_root().params.get("project")
    return Project.load(folder) if folder is not None else Project.find(Path.cwd())


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="communique")
@click.option(
    "--project",
    "-C",
    type=click.Path(file_okay=False, path_type=Path),
    help="The project folder (default: the one holding communique.toml, here or above).",
)
def cli(project: Path | None) -> None:
    """Publish press releases in many languages: segment the English, keep gettext catalogs
    for translators, check their work, and build localized pages and feeds.

    \b
    Example:
      communique init newsroom && cd newsroom
      communique extract
    """


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", default=NewProject.name, help="The organisation's name.")
@click.option("--short-name", default="", help="A short name, e.g. OSCE.")
@click.option("--domain", default=NewProject.domain, help="A domain it owns, for permanent ids.")
@click.option("--base-url", default=NewProject.base_url, help="Where the site will be published.")
@click.option(
    "--locale",
    "targets",
    multiple=True,
    default=NewProject.targets,
    show_default=True,
    help="A target locale (BCP 47); repeat for each.",
)
def init(
    folder: Path, name: str, short_name: str, domain: str, base_url: str, targets: tuple[str, ...]
) -> None:
    """Create a new project in FOLDER (default: here), with a commented communique.toml,
    source/, locale/ and output/. Refuses to touch an existing project.

    \b
    Example:
      communique init newsroom --name "Council of Europe" --short-name CoE \\
          --domain coe.int --base-url https://www.coe.int/press/ --locale fr --locale de
    """
    choices = NewProject(name, short_name, domain, base_url, targets)
    for path in init_project(folder, choices):
        click.echo(f"created {path}")
    click.echo(f"Next: put a release in {folder / 'source'} and run 'communique extract'.")


@cli.command("extract")
@click.argument("slugs", nargs=-1)
@click.pass_context
def extract_command(ctx: click.Context, slugs: tuple[str, ...]) -> None:
    """Split each English release (or the SLUGS given) into segments and write its gettext
    template, locale/templates/<slug>.pot. Unchanged templates are left untouched.

    \b
    Example:
      communique extract
      communique extract 2023-06-07-anti-trafficking-coordinators-meet
    """
    project = _project(ctx)
    results = extract(project, slugs)
    for result in results:
        state = "written" if result.written else "unchanged"
        click.echo(f"{project.relative(result.path)}: {result.messages} messages ({state})")
    written = sum(result.written for result in results)
    click.echo(f"{len(results)} templates, {written} written.")


def main() -> None:
    cli(prog_name="communique")
