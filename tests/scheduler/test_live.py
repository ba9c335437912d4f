"""Live updates go only to groups somebody listens to, merged per group (real Redis layer)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from channels.layers import get_channel_layer

from scheduler import live


def _in_own_loop(coro):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_only_groups_with_a_listener_are_sent_to():
    layer = get_channel_layer()

    async def join():
        channel = await layer.new_channel()
        await layer.group_add("project_live_watched", channel)
        return channel

    channel = _in_own_loop(join())
    try:
        found = live._watched(layer, {"project_live_watched", "project_live_unwatched"})
        assert found == {"project_live_watched"}
    finally:
        _in_own_loop(layer.group_discard("project_live_watched", channel))
    assert live._watched(layer, {"project_live_watched"}) == set()


def test_a_batch_is_merged_per_group_in_order():
    batch = [
        ("project_1", {"type": "instance.status", "changes": [{"instance": 1}]}),
        ("instance_1", {"type": "instance.log", "instance": 1, "attempt": 1, "lines": ["a"]}),
        ("project_1", {"type": "instance.status", "changes": [{"instance": 2}]}),
        ("instance_1", {"type": "instance.log", "instance": 1, "attempt": 1, "lines": ["b"]}),
    ]
    merged = dict(live._merged(batch))
    assert merged["project_1"]["changes"] == [{"instance": 1}, {"instance": 2}]
    assert merged["instance_1"]["lines"] == ["a", "b"]
