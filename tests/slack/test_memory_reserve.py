"""A reserved memory takes its full size at start and hands slots to real keys: same behaviour,
same bound, flat footprint."""

from bot.slack.memory import BoundedMemory


def test_reserved_memory_behaves_like_an_empty_one():
    memory = BoundedMemory(3, reserve=True)
    assert len(memory) == 0
    assert memory.claim("Ev1") and not memory.claim("Ev1")
    for key in ("Ev2", "Ev3", "Ev4"):
        memory.put(key)
    assert len(memory) == 3
    assert "Ev1" not in memory and all(k in memory for k in ("Ev2", "Ev3", "Ev4"))
    assert len(memory._items) == 3  # never more than the cap, placeholders included


def test_placeholders_never_answer_for_a_real_key():
    memory = BoundedMemory(2, reserve=True)
    assert "\0reserved-" + "0" * 24 not in memory or len(memory) == 0
    assert memory.get("anything") is None
