"""How long a backfill has left: one rule for the preview and the progress page.

The preview's estimate (`backfills._estimate`: the critical path of one date, from past run
times, times the rounds of dates) is stored with the backfill. While it runs, the progress page
starts from that same number and corrects it by the pace actually seen once enough is done to
judge it; extrapolating from the count of finished instances alone ignores that the last nodes
of a chain wait for the first, and disagreed with the preview by a factor of four.
"""

# Below this share finished, the pace says little (the first, fast nodes of every date).
PACE_AFTER = 0.2


def remaining_seconds(planned: float, finished_share: float, elapsed: float) -> float:
    """Seconds left of a backfill `planned` to take that much, `finished_share` done after
    `elapsed` seconds."""
    total = planned
    if finished_share >= PACE_AFTER:
        total = elapsed / finished_share
    return max(0.0, total - elapsed)
