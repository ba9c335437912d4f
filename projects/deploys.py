"""The scheduler's part in a deploy, reached without projects importing the scheduler.

projects sits below the scheduler (an import-linter contract in pyproject.toml), so the scheduler
registers its plan here when Django starts (scheduler/apps.py). Deploys, undeploys and the deploy
preview ask it for the plan diff; deploys and undeploys tell it, after commit, which nodes changed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Planner:
    # diff(node, version or None for an undeploy, *, readable project ids) -> the plan diff
    diff: Callable[..., dict]
    # deployed(node ids): every generated day of the nodes follows their deployed version now
    deployed: Callable[[list[int]], None]
    # last_test_runs(node ids) -> {node id: {"id", "status", "snapshot"}} of each node's latest
    # test run (a deploy review asks whether the version it ships was tried)
    last_test_runs: Callable[[list[int]], dict] = lambda node_ids: {}


_planner: Planner | None = None


def register(planner: Planner) -> None:
    global _planner
    _planner = planner


def _registered() -> Planner:
    if _planner is None:
        raise ImproperlyConfigured("no scheduler registered its plan (scheduler/apps.py)")
    return _planner


def plan_diff(node, version, *, readable: Iterable[int]) -> dict:
    """What deploying `version` (None: undeploying) changes of the node's schedule."""
    return _registered().diff(node, version, readable=set(readable))


def deployed(node_ids: list[int]) -> None:
    """The nodes' deployed versions changed (deploy, undeploy, pause): replan their days."""
    _registered().deployed(node_ids)


def last_test_runs(node_ids: list[int]) -> dict:
    """Each node's latest test run: {node id: {"id", "status", "snapshot"}}."""
    return _registered().last_test_runs(node_ids)
