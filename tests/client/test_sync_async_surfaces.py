"""The sync and async clients offer the same methods, with the same signatures and docstrings."""

from __future__ import annotations

import inspect

import pytest
from koodrive_tasks import AsyncKooDrive, KooDrive, TokenAuth

RESOURCES = ("jobs", "tasks", "share_tasks")


def public(obj: object) -> dict[str, object]:
    return {n: getattr(obj, n) for n in dir(obj) if not n.startswith("_") and callable(getattr(obj, n))}


def annotation_text(sig: inspect.Signature) -> list[tuple[str, object, object, str]]:
    return [(p.name, p.kind, p.default, str(p.annotation)) for p in sig.parameters.values()]


@pytest.mark.parametrize("resource", RESOURCES)
def test_same_methods_signatures_and_docstrings(resource: str) -> None:
    sync = KooDrive("https://kd.invalid", TokenAuth("t"))
    asyn = AsyncKooDrive("https://kd.invalid", TokenAuth("t"))
    s, a = public(getattr(sync, resource)), public(getattr(asyn, resource))
    assert set(s) == set(a) and s
    for name in s:
        s_sig, a_sig = inspect.signature(s[name]), inspect.signature(a[name])
        assert annotation_text(s_sig) == annotation_text(a_sig), f"{resource}.{name}"
        expected = s_sig.return_annotation
        got = a_sig.return_annotation
        if str(expected).startswith("Iterator["):  # `iter`: an async iterator, not a coroutine
            assert str(expected).replace("Iterator", "AsyncIterator") == str(got)
            assert not inspect.iscoroutinefunction(a[name]), f"{resource}.{name} is a coroutine"
        else:
            assert expected == got, f"{resource}.{name}"
            assert inspect.iscoroutinefunction(a[name]), f"{resource}.{name} is not async"
        assert inspect.getdoc(s[name]), f"{resource}.{name} has no docstring"
        assert inspect.getdoc(s[name]) == inspect.getdoc(a[name]), f"{resource}.{name}"
        assert "{api_errors}" not in (inspect.getdoc(a[name]) or ""), f"{resource}.{name}"
    sync.close()


def test_clients_have_the_same_resources() -> None:
    sync = KooDrive("https://kd.invalid", TokenAuth("t"))
    asyn = AsyncKooDrive("https://kd.invalid", TokenAuth("t"))
    assert {n for n in vars(sync) if not n.startswith("_")} == set(RESOURCES)
    assert {n for n in vars(asyn) if not n.startswith("_")} == set(RESOURCES)
    sync.close()
