"""The bot's memories of ids already seen are bounded in count and age, and compact: nothing is
reserved at start, and a full memory costs less than the Slack ids it remembers."""

import tracemalloc

from bot.slack.memory import BoundedMemory, SlackMemory


def _trigger_id(i: int) -> str:  # as long as Slack's: 13345224609.738474920.8088930838d88f008e0
    return f"13345224609.{738474920 + i}.8088930838d88f008e0{i % 10}"


def test_a_compact_memory_behaves_like_a_plain_one():
    now = [0.0]
    for compact in (False, True):
        memory = BoundedMemory(3, ttl=10, clock=lambda: now[0], compact=compact)
        now[0] = 0.0
        assert memory.claim("Ev1") and not memory.claim("Ev1")
        for key in ("Ev2", "Ev3", "Ev4"):
            memory.put(key, "held")
        assert len(memory) == 3 and "Ev1" not in memory
        assert memory.get("Ev2") == "held" and memory.get("nothing") is None
        memory.forget("Ev3")
        assert "Ev3" not in memory and len(memory) == 2
        now[0] = 10.01  # the stamps shared by puts close together still expire on time
        assert "Ev2" not in memory and "Ev4" not in memory


def test_a_full_memory_costs_less_than_the_ids_it_holds():
    ids = [_trigger_id(i) for i in range(60_000)]
    tracemalloc.start()
    memory = BoundedMemory(50_000, ttl=300, compact=True)
    for key in ids:
        memory.put(key, "held")
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(memory) == 50_000
    per_item = size / 50_000
    assert per_item < 160, per_item  # the ids alone are 89 bytes each, a plain memory ~270
    assert ids[-1] in memory and ids[0] not in memory


def test_nothing_is_reserved_at_start():
    tracemalloc.start()
    memory = SlackMemory()
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert size < 100_000 and len(memory.seen_events) == 0
