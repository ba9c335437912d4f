"""A worker slot runs next what its run made ready, without a trip through the broker."""

import re
import threading

from scheduler import dispatch, follow_on, generation
from scheduler.logs import read_log
from scheduler.models import Instance
from tests.scheduler.conftest import wait_for_status, yesterday
from tests.stack import wait_until

# What the worker logs of each message it is done with.
DONE = re.compile(r"scheduler\.run_instances?\[[^\]]+\] succeeded in \S+: '([^']*)'")


def test_a_chain_runs_on_one_slot_from_one_message(worker, make_node):
    a = make_node("a", type="shell", code="echo a")
    b = make_node("b", type="python", code="print('b')", upstream=[a])
    c = make_node("c", type="shell", code="echo c", upstream=[b])
    generation.generate_day(yesterday(), node_ids=[a.id, b.id, c.id])
    ids = {i.node_id: i.id for i in Instance.objects.filter(node__in=[a, b, c])}
    dispatch.release()
    wait_for_status(list(ids.values()), {"success"}, timeout=60)

    assert f"taken by the worker slot that ran instance {ids[a.id]}" in read_log(ids[b.id])
    assert f"taken by the worker slot that ran instance {ids[b.id]}" in read_log(ids[c.id])
    assert "taken by the worker slot" not in read_log(ids[a.id])
    outcomes = wait_until(lambda: DONE.findall(worker.log()), message="the message's end")
    assert outcomes == ["success, success, success"]


def test_a_fan_out_keeps_one_and_sends_the_rest(worker, make_node):
    root = make_node("root", type="shell", code="true")
    middle = [make_node(f"m{i}", type="shell", code="true", upstream=[root]) for i in range(6)]
    generation.generate_day(yesterday(), node_ids=[root.id] + [m.id for m in middle])
    ids = list(Instance.objects.filter(node__in=[root, *middle]).values_list("id", flat=True))
    dispatch.release()
    wait_for_status(ids, {"success"}, timeout=60)
    root_id = Instance.objects.get(node=root).id
    taken = [i for i in ids if f"ran instance {root_id}," in read_log(i)]
    assert len(taken) == 1  # the other five went through the broker, to both slots


def test_the_slot_takes_one_real_run_of_its_own_queue():
    targets = [(1, "default", True), (2, "other", False), (3, None, False), (4, "default", False)]
    assert follow_on.take(targets) == targets  # no offer: nothing is kept
    with follow_on.offer("default"):
        assert follow_on.take(targets) == [
            (1, "default", True),
            (2, "other", False),
            (4, "default", False),
        ]
        assert follow_on.take([(5, "default", False)]) == [(5, "default", False)]  # one at a time
    assert follow_on.taken() == 3 and follow_on.taken() is None
    assert follow_on.take([(6, "default")]) == [(6, "default")]  # the offer ended
    with follow_on.offer("other"):
        assert follow_on.take([(7, "default"), (8, "other")]) == [(7, "default")]
    assert follow_on.taken() == 8


def test_an_offer_is_the_offering_slots_own():
    """Slots are threads of one worker: what another slot's side effects release is not
    taken by this one, which would run it only after its own run."""
    seen = []
    with follow_on.offer("default"):
        other = threading.Thread(target=lambda: seen.append(follow_on.take([(9, "default")])))
        other.start()
        other.join()
    assert seen == [[(9, "default")]] and follow_on.taken() is None


def test_what_is_released_together_goes_a_message_per_live_slot(monkeypatch):
    monkeypatch.setattr(dispatch, "live_slots", lambda: {"default": 2, "wide": 40})
    sizes = {count: dispatch.batch_size(count, "default") for count in (1, 2, 3, 7, 8, 100)}
    assert sizes == {1: 1, 2: 1, 3: 2, 7: 4, 8: 4, 100: dispatch.MAX_BATCH}
    assert dispatch.batch_size(7, "wide") == 1  # many slots: one each
    assert dispatch.batch_size(7, "nobody") == 7  # no live worker yet: one message
