"""Write the published forms of the spec into spec/bundled/ (`make generate`), or check them
(`make check-generated`): what a consumer in any language takes without this repository's layout.

- `koodrive-tasks.yaml` and `koodrive-tasks.json`: the spec in one file. Every example a `$ref`
  pulls from spec/examples/ is copied into `components/examples` under a readable, stable name,
  `<operationId>.<name>` for a 200 response (`listJobs.seed-001`), `<operationId>.request.<name>`
  for a request body, `<operationId>.<status>.<name>` for another status, `<Response>.<name>` for a
  shared response of `components/responses` (`BadRequest.not-found`), and referenced from where it
  was.
- `koodrive-tasks.deref.json`: the same with every `$ref` replaced by what it points at. The one
  recursive schema (`UncompressedFile.subFileList` holds `UncompressedFile`s) cannot be written out
  in full: inside its own expansion the `$ref` stays, and `components` stays in the document so it
  resolves. A `$ref` with sibling keys (3.1 allows them) becomes the target with the siblings laid
  over it (`description`, `x-koodrive-*`).

Deterministic (key order as written, no time, no network). Fails when a number above 2^53 would be
written: JavaScript reads such a number rounded (9223372036854775807 becomes 9223372036854776000),
so the spec states 64-bit bounds with `format: int64` instead.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "koodrive-tasks.yaml"
OUT = ROOT / "spec" / "bundled"
NAMES = ("koodrive-tasks.yaml", "koodrive-tasks.json", "koodrive-tasks.deref.json")
JS_SAFE = 2**53 - 1
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class BundleError(Exception):
    pass


def _pointer(document: Any, pointer: str) -> Any:
    node = document
    for raw in pointer.lstrip("/").split("/") if pointer not in ("", "/") else []:
        token = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def _external(ref: str, spec_dir: Path) -> Any:
    file, _, pointer = ref.partition("#")
    path = (spec_dir / file).resolve()
    if not path.is_relative_to(spec_dir.resolve()):
        raise BundleError(f"$ref {ref!r} leaves the spec's folder")
    return copy.deepcopy(_pointer(json.loads(path.read_text(encoding="utf-8")), pointer))


def _inline_examples(examples: Any, prefix: str, store: dict[str, Any], spec_dir: Path, where: str) -> None:
    if not isinstance(examples, dict):
        return
    for name, example in list(examples.items()):
        if not (isinstance(example, dict) and isinstance(example.get("$ref"), str)):
            continue
        ref = example["$ref"]
        if ref.startswith("#"):
            continue
        key = f"{prefix}.{name}"
        if key in store:
            raise BundleError(f"{where}: two examples would be named {key!r}")
        store[key] = _external(ref, spec_dir)
        examples[name] = {"$ref": f"#/components/examples/{key}"}


def _media_examples(content: Any, prefix: str, store: dict[str, Any], spec_dir: Path, where: str) -> None:
    for media_type, media in (content or {}).items():
        _inline_examples(media.get("examples"), prefix, store, spec_dir, f"{where}/content/{media_type}")


def bundle(spec_path: Path = SPEC) -> dict[str, Any]:
    """The spec with every external example copied into `components/examples`."""
    spec_dir = spec_path.parent
    spec: dict[str, Any] = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    store: dict[str, Any] = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            op_id = op["operationId"]
            where = f"/paths/{path}/{method}"
            body = op.get("requestBody") or {}
            _media_examples(body.get("content"), f"{op_id}.request", store, spec_dir, where)
            for status, response in (op.get("responses") or {}).items():
                prefix = op_id if str(status) == "200" else f"{op_id}.{status}"
                _media_examples(response.get("content"), prefix, store, spec_dir, f"{where}/{status}")
    for name, response in spec.get("components", {}).get("responses", {}).items():
        _media_examples(response.get("content"), name, store, spec_dir, f"/components/responses/{name}")
    components = spec.setdefault("components", {})
    if store:
        components["examples"] = {**components.get("examples", {}), **store}
    left = [ref for ref in _refs(spec) if not ref.startswith("#")]
    if left:
        raise BundleError(f"external $refs the bundler does not inline: {left}")
    _check_numbers(spec, "")
    return spec


def _refs(node: Any) -> list[str]:
    out: list[str] = []
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            out.append(node["$ref"])
        for value in node.values():
            out += _refs(value)
    elif isinstance(node, list):
        for value in node:
            out += _refs(value)
    return out


def _check_numbers(node: Any, where: str) -> None:
    if isinstance(node, bool):
        return
    if isinstance(node, int | float) and abs(node) > JS_SAFE:
        raise BundleError(
            f"{where or '/'}: {node} is above 2^53 and does not survive JavaScript's JSON.parse"
        )
    if isinstance(node, dict):
        for key, value in node.items():
            _check_numbers(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_numbers(value, f"{where}/{i}")


def dereference(spec: dict[str, Any]) -> dict[str, Any]:
    """Every internal `$ref` replaced by its target; a recursive one stays inside its own expansion."""

    def walk(node: Any, active: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(v, active) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            siblings = {k: walk(v, active) for k, v in node.items() if k != "$ref"}
            if ref in active:
                return {"$ref": ref, **siblings}
            target = walk(_pointer(spec, ref[1:]), (*active, ref))
            if not isinstance(target, dict):
                return target
            return {**target, **siblings}
        return {k: walk(v, active) for k, v in node.items()}

    out: dict[str, Any] = walk(spec, ())
    return out


class _Dumper(yaml.SafeDumper):
    """Multi-line text (descriptions) as `|` blocks, as the hand-written spec writes it."""


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_Dumper.add_representer(str, _text)


def render(spec_path: Path = SPEC) -> dict[str, str]:
    """File name -> text of each published file."""
    bundled = bundle(spec_path)
    as_json = json.dumps(bundled, indent=2, ensure_ascii=False) + "\n"
    as_yaml = (
        "# Generated from spec/koodrive-tasks.yaml by scripts/bundle_spec.py (make generate). Do not edit.\n"
        + yaml.dump(bundled, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    )
    deref = json.dumps(dereference(bundled), indent=2, ensure_ascii=False) + "\n"
    return {NAMES[0]: as_yaml, NAMES[1]: as_json, NAMES[2]: deref}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--out", type=Path, help="write the bundle into this folder")
    mode.add_argument("--check", type=Path, help="fail if the bundle in this folder is not a fresh one")
    parser.add_argument("--spec", type=Path, default=SPEC)
    args = parser.parse_args()
    try:
        files = render(args.spec.resolve())
    except BundleError as exc:
        print(f"bundle: {exc}", file=sys.stderr)
        return 1
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (args.out / name).write_text(text, encoding="utf-8")
        print(f"bundled the spec into {args.out}: {', '.join(files)}")
        return 0
    stale = [
        name
        for name, text in files.items()
        if not (args.check / name).exists() or (args.check / name).read_text(encoding="utf-8") != text
    ]
    extra = sorted(p.name for p in args.check.glob("*") if p.name not in files) if args.check.exists() else []
    if stale or extra:
        for name in stale:
            print(f"bundle: {args.check / name} is not what the spec bundles to", file=sys.stderr)
        for name in extra:
            print(f"bundle: {args.check / name} is not written by the bundler", file=sys.stderr)
        print("bundle: run `make generate`", file=sys.stderr)
        return 1
    print(f"{args.check} matches a fresh bundle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
