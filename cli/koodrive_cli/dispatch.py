"""`koodrive-tasks call OPERATION [ARG ...]`: every operation of the spec from the command line.

The operation registry (`koodrive_generated.operations.OPERATIONS`, generated from the spec) says
which method of the client serves an operation (`client.<resource>.<method_name>`); this module
finds it and turns the command line's words into its arguments, so an operation added to the spec
and to the client is served here with no CLI change. A bare word is the method's next positional
argument (the path parameters come first, in the spec's order: `call getJob 2089376515467771968`);
`NAME=VALUE` is a keyword argument (`call listJobs offset=0 limit=10`). A value is converted by the
method's annotation: an `int` parameter (or an enum taking `int`) gets an int, a sequence a list
(comma-separated, or a JSON array), a mapping a JSON object; anything else stays a string, ids
included.
"""

from __future__ import annotations

import inspect
import json
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from koodrive_generated.operations import OPERATIONS, Operation


class DispatchError(LookupError):
    """An operation the registry or the client does not know, or words that fit no parameter."""


def operation(operation_id: str) -> Operation:
    found = OPERATIONS.get(operation_id)
    if found is None:
        raise DispatchError(f"no operation {operation_id!r}; the spec has: {', '.join(OPERATIONS)}")
    return found


def method_of(client: Any, operation_id: str) -> Callable[..., Any]:
    """`client.<resource>.<method_name>` of the operation (any client: sync, async, a copy)."""
    op = operation(operation_id)
    resource = getattr(client, op.resource, None)
    method = getattr(resource, op.method_name, None) if resource is not None else None
    if not callable(method):
        raise DispatchError(f"{operation_id}: the client has no {op.resource}.{op.method_name}")
    return typing.cast(Callable[..., Any], method)


def help_for(operation_id: str, client: Any | None = None) -> str:
    """What `call OPERATION --help` shows of the operation: its HTTP method and path and the client
    method that serves it (the registry's), the usage line (the method's parameters) and the path
    parameters (the registry's). DispatchError when the registry or the client does not know it;
    `client` defaults to one the help builds and never sends with."""
    op = operation(operation_id)
    if client is None:
        from koodrive_tasks import KooDrive, TokenAuth  # noqa: PLC0415

        with KooDrive("http://127.0.0.1:9", TokenAuth("help only, never sent")) as built:
            return help_for(operation_id, built)
    method = method_of(client, operation_id)
    lines = [
        f"{operation_id}: {op.http_method} {op.path} (client.{op.resource}.{op.method_name})",
        f"usage: koodrive-tasks {usage_line(operation_id, method)}",
    ]
    if op.path_params:
        lines.append(f"path parameters: {', '.join(op.path_params)}")
    return "\n".join(lines)


def _members(hint: Any) -> tuple[Any, ...]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return tuple(m for h in typing.get_args(hint) for m in _members(h))
    return (hint,)


def convert(hint: Any, raw: str) -> Any:
    """One command-line word as the type a parameter is annotated with."""
    members = [m for m in _members(hint) if m is not type(None)]
    origins = {typing.get_origin(m) or m for m in members}
    if str in origins:
        return raw
    if origins & {list, Sequence, tuple}:
        return json.loads(raw) if raw.startswith("[") else [w for w in raw.split(",") if w]
    if origins & {dict, Mapping}:
        return json.loads(raw)
    if any(isinstance(m, type) and issubclass(m, int) and m is not bool for m in origins):
        return int(raw)
    if float in origins:
        return float(raw)
    if bool in origins:
        return raw.lower() in ("1", "true", "yes")
    return raw


def arguments(method: Callable[..., Any], words: Sequence[str]) -> tuple[list[Any], dict[str, Any]]:
    """The positional and keyword arguments the words give `method`."""
    signature = inspect.signature(method)
    hints = typing.get_type_hints(method)
    positional = [
        p for p in signature.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for word in words:
        name, eq, value = word.partition("=")
        if eq and name.isidentifier():
            if name not in signature.parameters:
                raise DispatchError(f"{name}: not a parameter ({', '.join(signature.parameters)})")
            kwargs[name] = convert(hints.get(name, str), value)
            continue
        if len(args) >= len(positional):
            raise DispatchError(
                f"{word!r}: more values than parameters ({', '.join(p.name for p in positional)})"
            )
        param = positional[len(args)]
        args.append(convert(hints.get(param.name, str), word))
    return args, kwargs


def usage_line(operation_id: str, method: Callable[..., Any]) -> str:
    """`call OPERATION` and the method's parameters, for --help and errors."""
    parts = []
    for p in inspect.signature(method).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        required = p.default is inspect.Parameter.empty
        shown = p.name.upper() if p.kind is not p.KEYWORD_ONLY and required else f"{p.name}=..."
        parts.append(shown if required else f"[{shown}]")
    return f"call {operation_id} {' '.join(parts)}".rstrip()
