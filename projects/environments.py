"""Development and production: which connection of a data source a run, a query or the editor
uses.

A basic project has one connection per data source (`config`, `secret_encrypted`) and every
run uses it. A standard project keeps production there and development in `dev_config` and
`dev_secret_encrypted`: what people try (test runs, ad-hoc queries, rule runs by hand, the
editor's table completion) uses development; what the scheduler runs uses production.
"""

import copy

from projects.models import DataSource, Environment, Project, ProjectMode


def for_trying(project: Project) -> str:
    """The environment of what a member tries by hand in `project`."""
    return (
        Environment.DEVELOPMENT if project.mode == ProjectMode.STANDARD else Environment.PRODUCTION
    )


def connection(datasource: DataSource, environment: str) -> DataSource:
    """The data source as the environment sees it: the same row with development's settings in
    place of production's (an unsaved copy; drivers read `config` and `secret_encrypted`)."""
    if environment != Environment.DEVELOPMENT:
        return datasource
    seen = copy.copy(datasource)
    seen.config = dict(datasource.dev_config or {})
    seen.secret_encrypted = datasource.dev_secret_encrypted or ""
    return seen


def has_development(datasource: DataSource) -> bool:
    return bool(datasource.dev_config)


def without_development(datasources) -> list[str]:
    """Names of the data sources that have no development connection yet."""
    return [d.name for d in datasources if not has_development(d)]
