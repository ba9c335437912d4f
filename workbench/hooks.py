"""How a lower app lets a higher one act without importing it: a list of dotted paths in the
lower module, which the higher app appends to in its AppConfig.ready, called in order.

One mechanism for every such point: the scheduler's steps (`loop.STEPS`), what follows a move
(`transitions.AFTER_TRANSITION_HOOKS`) or a run (`execution.AFTER_RUN_CHECKS`), and the news of
an ended backfill (`backfills.BACKFILL_ENDED_HOOKS`), a failed generation
(`generation.GENERATION_FAILED_HOOKS`) and a failed quality run
(`quality.services.RULE_FAILED_HOOKS`). Not Django signals: the entries after a move or a run
carry SQL read with the statement that makes them (a receiver cannot), a path keeps the lower
module free of imports from above, and the list shows in one place, in order, who acts.
"""

import logging

from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


def register(hooks: list, entry) -> None:
    """Append `entry` once: ready() may run more than once (test runners, reloads)."""
    if entry not in hooks:
        hooks.append(entry)


def call(paths: list[str], *args) -> None:
    """Call each hook with `args`. What they follow is done and committed: one that fails is
    logged, and the others still run."""
    for path in paths:
        try:
            import_string(path)(*args)
        except Exception:
            log.exception("hook %s failed", path)
