from __future__ import annotations

from koodrive_tasks import _parsing
from koodrive_tasks.normalize.cursors import next_cursor
from koodrive_tasks.resources.tasks import list_call

from .conftest import example, generated


def test_q03_next_cursor_string_or_number() -> None:
    number, string = example("listTasks/seed-000.json"), example("listTasks/documented.json")
    assert generated("listTasks", number).next_cursor == 1723549107000
    assert generated("listTasks", string).next_cursor == "1744438375000"
    assert _parsing.task_page(number).next_cursor == 1723549107000
    assert _parsing.task_page(string).next_cursor == 1744438375000
    del number["nextCursor"]
    assert _parsing.task_page(number).next_cursor is None  # absent: the list has ended


def test_q04_empty_page_cursor_is_first_page() -> None:
    assert next_cursor("") is None
    first = list_call(None, None, None, None, None)
    kwargs = first.request()
    assert "pageCursor" not in kwargs["params"]  # omitted, never sent as `&pageCursor`
    later = list_call(None, None, None, 1723549107000, None)
    assert later.request()["params"]["pageCursor"] == 1723549107000
