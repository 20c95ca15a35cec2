"""The consumer matrix: the published bundle (spec/bundled/) fed to generators nobody here wrote,
as a TypeScript, Go or Python team would take it.

Each generator's client is generated, compiled and made to decode every example of the bundle
(each response example and each request body) into its own models:

- openapi-generator (PyPI `openapi-generator-cli`, on the JRE) `typescript-fetch`: `tsc --strict`,
  then each example through `<Model>FromJSON` under node, and back through `<Model>ToJSON` to the
  same JSON;
- openapi-generator `go`: `go build` offline (Debian's Go; the one third-party package the
  generated code imports, gopkg.in/validator.v2, from Debian's golang-gopkg-validator.v2-dev),
  then `json.Unmarshal` of each example into its model;
- openapi-generator `python`: import, then `<Model>.from_dict` (pydantic) of each example;
- openapi-typescript and @hey-api/openapi-ts: types only, so each example is type-checked against
  its operation's type with `tsc --strict` (a literal with a field the type lacks fails too).

The tools come from what the repository pins: requirements/dev.txt, package-lock.json, and the
Debian packages scripts/ensure_consumer_tools.sh installs (`make consumer-tools`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BUNDLE_YAML = ROOT / "spec" / "bundled" / "koodrive-tasks.yaml"
BUNDLE_JSON = ROOT / "spec" / "bundled" / "koodrive-tasks.json"
NODE_BIN = ROOT / "node_modules" / ".bin"
VENV_BIN = Path(sys.executable).parent
METHODS = ("get", "put", "post", "delete", "patch")
# Debian's golang-gopkg-validator.v2-dev: the package openapi-generator's Go oneOf models import.
DEBIAN_GOCODE = Path("/usr/share/gocode/src")


@dataclass(frozen=True)
class Example:
    """One example of the bundle and the types that must take it."""

    key: str  # its name in components/examples, e.g. listJobs.seed-001
    operation: str  # operationId
    status: str  # "200", "400", ... or "request"
    schema: str  # the component schema it is an instance of
    value: Any


class StepFailed(AssertionError):
    def __init__(self, step: str, output: str) -> None:
        super().__init__(f"{step} failed:\n{output[-6000:]}")


def run(step: str, cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 240) -> str:
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    out = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise StepFailed(step, out)
    return out


def _ref_name(schema: Any) -> str:
    ref = schema["$ref"]
    assert ref.startswith("#/components/schemas/"), ref
    return str(ref.rsplit("/", 1)[1])


def examples(bundle: dict[str, Any]) -> list[Example]:
    """Every example of the bundle with the operation, status and schema it belongs to. An example
    of a shared response (`components/responses`) is checked against the first operation using it."""
    store = bundle["components"]["examples"]
    shared: dict[str, tuple[str, str]] = {}
    out: list[Example] = []

    def media_examples(content: dict[str, Any]) -> list[tuple[str, str]]:
        media = content["application/json"]
        return [
            (_ref_name(media["schema"]), ex["$ref"].rsplit("/", 1)[1])
            for ex in media.get("examples", {}).values()
        ]

    for item in bundle["paths"].values():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            op_id = op["operationId"]
            body = op.get("requestBody")
            if body:
                for schema, key in media_examples(body["content"]):
                    out.append(Example(key, op_id, "request", schema, store[key]["value"]))
            for status, response in op["responses"].items():
                if "$ref" in response:
                    shared.setdefault(response["$ref"].rsplit("/", 1)[1], (op_id, str(status)))
                    continue
                for schema, key in media_examples(response["content"]):
                    out.append(Example(key, op_id, str(status), schema, store[key]["value"]))
    for name, response in bundle["components"]["responses"].items():
        op_id, status = shared[name]
        for schema, key in media_examples(response["content"]):
            out.append(Example(key, op_id, status, schema, store[key]["value"]))
    return out


def load_bundle() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLE_JSON.read_text(encoding="utf-8"))
    return data


def openapi_generator(generator: str, out: Path, spec: Path = BUNDLE_YAML, **props: str) -> None:
    cmd = [
        str(VENV_BIN / "openapi-generator-cli"),
        "generate",
        "-g",
        generator,
        "-i",
        str(spec),
        "-o",
        str(out),
    ]
    if props:
        cmd += ["--additional-properties=" + ",".join(f"{k}={v}" for k, v in props.items())]
    run(f"openapi-generator {generator}: generate", cmd, out.parent)


# ---- typescript-fetch ----------------------------------------------------------------------------
TSC_STRICT = ["--strict", "--target", "es2022", "--lib", "es2022,dom,dom.iterable", "--skipLibCheck"]


def typescript_fetch_compile(src: Path) -> None:
    run(
        "openapi-generator typescript-fetch: tsc --strict",
        [
            str(NODE_BIN / "tsc"),
            *TSC_STRICT,
            "--noEmit",
            "--module",
            "es2020",
            "--moduleResolution",
            "node",
            "index.ts",
        ],
        src,
    )


def _json_file(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def typescript_fetch_decode(src: Path, cases: list[Example]) -> dict[str, str]:
    """Example key -> error text, for each example `<Model>FromJSON` refuses or does not give back."""
    _json_file(src / "examples.json", [{"key": c.key, "schema": c.schema, "value": c.value} for c in cases])
    (src / "decode.ts").write_text(
        """import * as M from './models';
declare const require: (name: string) => any;
declare const process: { stdout: { write(s: string): void } };
const fs = require('fs');
type Case = { key: string; schema: string; value: unknown };
const cases: Case[] = JSON.parse(fs.readFileSync('examples.json', 'utf8'));
const models = M as unknown as Record<string, (x: unknown) => unknown>;
function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as any)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as any)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => same((a as any)[k], (b as any)[k]));
  }
  return a === b;
}
const failures: Record<string, string> = {};
for (const c of cases) {
  try {
    const parsed = models[c.schema + 'FromJSON'](c.value);
    const back = models[c.schema + 'ToJSON'](parsed);
    if (!same(back, c.value)) failures[c.key] = 'decoded, but ToJSON gives back ' + JSON.stringify(back);
  } catch (e) {
    failures[c.key] = String(e);
  }
}
process.stdout.write(JSON.stringify(failures));
""",
        encoding="utf-8",
    )
    run(
        "openapi-generator typescript-fetch: compile the decoder",
        [str(NODE_BIN / "tsc"), *TSC_STRICT, "--module", "commonjs", "--outDir", "out", "decode.ts"],
        src,
    )
    shutil.copy(src / "examples.json", src / "out" / "examples.json")
    out = run("openapi-generator typescript-fetch: decode the examples", ["node", "decode.js"], src / "out")
    failures: dict[str, str] = json.loads(out)
    return failures


# ---- go ------------------------------------------------------------------------------------------
def go_env(work: Path) -> dict[str, str]:
    """Offline: no module proxy, no checksum database, caches inside the test's folder."""
    return {
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        "GOSUMDB": "off",
        "GONOSUMDB": "*",
        "GOPATH": str(work / "gopath"),
        "GOCACHE": os.environ.get("GOCACHE", str(Path.home() / ".cache" / "go-build")),
        "CGO_ENABLED": "0",
    }


def go_prepare(src: Path) -> None:
    """The generated go.mod, made to build offline: the module renamed, the Go version Debian has,
    each required module replaced by its copy from Debian's gocode tree."""
    shutil.rmtree(src / "test", ignore_errors=True)  # the generated tests import testify
    requires = re.findall(r"^\s*(\S+)\s+(v\S+)\s*$", (src / "go.mod").read_text(encoding="utf-8"), re.M)
    lines = ["module koodrive", "", "go 1.19", ""]
    for module, version in requires:
        copy = src.parent / "gomods" / module
        if not copy.exists():
            shutil.copytree(DEBIAN_GOCODE / module, copy, ignore=shutil.ignore_patterns("*_test.go"))
            (copy / "go.mod").write_text(f"module {module}\n", encoding="utf-8")
        lines += [f"require {module} {version}", f"replace {module} => {copy}"]
    (src / "go.mod").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (src / "go.sum").unlink(missing_ok=True)


def go_build(src: Path) -> None:
    go_prepare(src)
    run("openapi-generator go: go build", ["go", "build", "./..."], src, go_env(src.parent))


def go_decode(src: Path, cases: list[Example]) -> dict[str, str]:
    main = src / "cmd" / "decode"
    main.mkdir(parents=True, exist_ok=True)
    _json_file(main / "examples.json", [{"key": c.key, "schema": c.schema, "value": c.value} for c in cases])
    names = sorted({c.schema for c in cases})
    table = "\n".join(f'\t"{n}": func() any {{ return new(koodrive.{n}) }},' for n in names)
    (main / "main.go").write_text(
        f"""package main

import (
\t"encoding/json"
\t"fmt"
\t"os"

\tkoodrive "koodrive"
)

var models = map[string]func() any{{
{table}
}}

func main() {{
\tvar cases []struct {{
\t\tKey    string          `json:"key"`
\t\tSchema string          `json:"schema"`
\t\tValue  json.RawMessage `json:"value"`
\t}}
\tdata, err := os.ReadFile("cmd/decode/examples.json")
\tif err != nil {{
\t\tpanic(err)
\t}}
\tif err := json.Unmarshal(data, &cases); err != nil {{
\t\tpanic(err)
\t}}
\tfailures := map[string]string{{}}
\tfor _, c := range cases {{
\t\tif err := json.Unmarshal(c.Value, models[c.Schema]()); err != nil {{
\t\t\tfailures[c.Key] = err.Error()
\t\t}}
\t}}
\tout, _ := json.Marshal(failures)
\tfmt.Print(string(out))
}}
""",
        encoding="utf-8",
    )
    out = run(
        "openapi-generator go: decode the examples", ["go", "run", "./cmd/decode"], src, go_env(src.parent)
    )
    failures: dict[str, str] = json.loads(out)
    return failures


# ---- python --------------------------------------------------------------------------------------
PY_PACKAGE = "koodrive_openapi_generator"


def python_decode(src: Path, cases: list[Example]) -> dict[str, str]:
    _json_file(src / "examples.json", [{"key": c.key, "schema": c.schema, "value": c.value} for c in cases])
    script = f"""
import json, sys
import {PY_PACKAGE}.models as models
failures = {{}}
for case in json.load(open("examples.json", encoding="utf-8")):
    try:
        getattr(models, case["schema"]).from_dict(case["value"])
    except Exception as exc:
        failures[case["key"]] = f"{{type(exc).__name__}}: {{exc}}"
sys.stdout.write(json.dumps(failures))
"""
    out = run("openapi-generator python: import and decode the examples", [sys.executable, "-c", script], src)
    failures: dict[str, str] = json.loads(out)
    return failures


# ---- type-only generators ------------------------------------------------------------------------
def _ts_literal(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


def type_check(
    step: str, folder: Path, module: str, declarations: list[str], cases: list[Example]
) -> dict[str, str]:
    """Each example as a typed constant; tsc --strict; example key -> the errors on its lines."""
    lines = [f"import type * as T from './{module}';", ""]
    owner: list[tuple[int, int, str]] = []
    for case, declaration in zip(cases, declarations, strict=True):
        start = len(lines) + 1
        body = f"export const ex{len(owner)}: {declaration} = {_ts_literal(case.value)};"
        lines += body.split("\n")
        owner.append((start, len(lines), case.key))
    (folder / "examples.ts").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cmd = [
        str(NODE_BIN / "tsc"),
        *TSC_STRICT,
        "--noEmit",
        "--module",
        "es2020",
        "--moduleResolution",
        "bundler",
    ]
    proc = subprocess.run(
        [*cmd, "examples.ts"], cwd=folder, capture_output=True, text=True, timeout=240, check=False
    )
    out = proc.stdout + proc.stderr
    failures: dict[str, str] = {}
    for match in re.finditer(r"^(\S+)\((\d+),\d+\): error (.*)$", out, re.M):
        file, line = match.group(1), int(match.group(2))
        if file.endswith("examples.ts"):
            key = next((k for s, e, k in owner if s <= line <= e), "?")
            failures[key] = failures.get(key, "") + match.group(3)
        else:
            raise StepFailed(f"{step}: tsc --strict on the generated types", out)
    if proc.returncode != 0 and not failures:
        raise StepFailed(f"{step}: tsc --strict", out)
    return failures


def pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


def openapi_typescript_declaration(case: Example) -> str:
    if case.status == "request":
        return f"T.operations['{case.operation}']['requestBody']['content']['application/json']"
    return f"T.operations['{case.operation}']['responses'][{case.status}]['content']['application/json']"


def hey_api_declaration(case: Example) -> str:
    op = pascal(case.operation)
    if case.status == "request":
        return f"T.{op}Data['body']"
    kind = "Responses" if case.status.startswith("2") else "Errors"
    return f"T.{op}{kind}[{case.status}]"


def tool_available(name: str) -> bool:
    return shutil.which(name) is not None
