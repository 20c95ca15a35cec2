"""Names that say what a module holds (issue 22).

Before: `_client.py` held no client (the clients are in `__init__.py`) but the pipeline, retries,
deadlines, three senders and the environment; `_auth.py` sat beside the public `auth.py`; two
classes were named `Call` (the client's request description and the CLI probe's record of a call).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "overrides" / "koodrive_tasks"


def classes(*trees: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tree in trees:
        for path in tree.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef):
                    found.setdefault(node.name, []).append(str(path.relative_to(ROOT)))
    return found


def test_no_module_named_client_and_no_private_twin_of_auth() -> None:
    assert not (PACKAGE / "_client.py").exists()
    assert not (PACKAGE / "_auth.py").exists()
    assert (PACKAGE / "auth.py").exists() and (PACKAGE / "_credentials.py").exists()


def test_the_request_description_has_a_name_of_its_own() -> None:
    found = classes(PACKAGE, ROOT / "cli" / "koodrive_cli")
    assert found["ApiCall"] == ["overrides/koodrive_tasks/_call.py"]
    assert all(not path.startswith("overrides/") for path in found.get("Call", []))


def test_the_clients_core_is_one_job_per_module() -> None:
    """Each module of the split holds what its name says (a class or function that defines it)."""
    expected = {
        "_call.py": {"ApiCall"},
        "_pipeline.py": {"Pipeline", "Prepared", "Reply"},
        "_senders.py": {"SyncSender", "AsyncSender", "NativeSender"},
        "_retries.py": {"retryable", "backoff", "retry_after", "should_retry", "deadline_scope"},
        "_env.py": {"env_settings", "checked_base_url", "checked_timeout", "checked_retries"},
        "_httpx_internals.py": {"watch_deadlines", "forget_connections", "own_transport", "DeadlineBackend"},
        "_fork.py": {"renew"},
        "_workers.py": {"Exchange"},
    }
    for name, names in expected.items():
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        defined = {n.name for n in tree.body if isinstance(n, ast.ClassDef | ast.FunctionDef)}
        assert names <= defined, (name, names - defined)
