"""The route table comes from the operation registry, one handler per operation (issue 22 item 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from koodrive_emulator import create_app, render
from koodrive_emulator.asgi import Reply
from koodrive_emulator.render import Variants, dumps
from koodrive_emulator.responses import MissingHandler, Responses, handler_names, handles
from koodrive_emulator.routes import Route, RouteTable, registry_routes, spec_routes
from koodrive_emulator.validation import Validated, load_spec
from starlette.testclient import TestClient

from .conftest import TOKEN
from .test_spec_driven import spec_copy

V1 = "/koodrive/ose/v1"


def test_every_operation_of_the_registry_is_routed_to_its_handler() -> None:
    from koodrive_generated.operations import OPERATIONS

    routes = registry_routes()
    assert [r.operation_id for r in routes] == list(OPERATIONS)
    assert set(OPERATIONS) <= set(handler_names(Responses))
    app = create_app()
    assert app.dispatcher.routes.routes == routes  # type: ignore[attr-defined]
    assert set(app.dispatcher.handlers) == set(OPERATIONS)  # type: ignore[attr-defined]


def test_the_registry_and_the_spec_give_the_same_routes() -> None:
    # A spec served from another file is routed from that file (`spec_routes`); for the shipped
    # spec it must give exactly the generated registry's routes.
    assert spec_routes(load_spec()) == registry_routes()


def test_an_operation_without_a_handler_stops_the_start_naming_it() -> None:
    routes = (*registry_routes(), Route("verifyExtractCode", "GET", f"{V1}/share/verify", ()))
    with pytest.raises(MissingHandler, match="verifyExtractCode"):
        create_app(routes=routes)


def test_literal_paths_before_templates_and_the_more_literal_template_first() -> None:
    table = RouteTable(registry_routes())
    for path, op in (
        (f"{V1}/cancel", "cancelJob"),
        (f"{V1}/task/list", "listTasks"),
        (f"{V1}/task/dstUserInfo/1397687227244555008", "getHandoverDstUserInfo"),
        (f"{V1}/task/1534087020903704704", "getTask"),
        (f"{V1}/1309243162258308352", "getJob"),
    ):
        found = table.match(path, path)
        assert found is not None
        assert next(iter(found[0].values())).operation_id == op
    literal = table.match(f"{V1}/cancel", f"{V1}/cancel")
    assert literal is not None and set(literal[0]) == {"POST"}  # GET /cancel: a 405, not getJob (Q22)
    assert table.match(f"{V1}/task/a/b", f"{V1}/task/a/b") is None
    found = table.match(f"{V1}/task/%2531", f"{V1}/task/%2531")
    assert found is not None and found[1] == {"task_id": "%2531"}  # decoded once, later


def test_two_operations_on_one_method_and_path_are_refused() -> None:
    with pytest.raises(ValueError, match="two operations"):
        RouteTable([Route("a", "GET", "/x", ()), Route("b", "GET", "/x", ())])


def test_security_comes_from_the_operation() -> None:
    spec = load_spec()
    assert all(
        r.security == ("koodriveToken", "koodriveAppAuth", "koodriveUserId", "koodriveDate")
        for r in spec_routes(spec)
    )
    # an operation that declares no security is served without authentication
    open_routes = tuple(
        Route(r.operation_id, r.http_method, r.path, () if r.operation_id == "listJobs" else r.security)
        for r in registry_routes()
    )
    with TestClient(create_app(routes=open_routes)) as client:
        assert client.get(f"{V1}/jobs?offset=0&limit=1").status_code == 200
        assert client.get(f"{V1}/task/list").status_code == 401
    # a token on an operation that accepts only app auth is refused
    app_only = tuple(
        Route(r.operation_id, r.http_method, r.path, ("koodriveAppAuth",)) for r in registry_routes()
    )
    with TestClient(create_app(routes=app_only)) as client:
        answer = client.get(f"{V1}/jobs?offset=0&limit=1", headers={"Authorization": "Bearer emulator-token"})
        assert answer.status_code == 401 and "koodriveToken" in answer.json()["msg"]


VERIFY = "/koodrive/ose/v1/share/extractCode/{share_id}"


def with_verify_operation(spec: dict[str, Any]) -> None:
    """A 13th, read-only operation (reference notes §3.4: verify a share extraction code)."""
    spec["paths"][VERIFY] = {
        "get": {
            "operationId": "verifyExtractCode",
            "parameters": [
                {
                    "name": "share_id",
                    "in": "path",
                    "required": True,
                    "schema": {"$ref": "#/components/schemas/SnowflakeId"},
                }
            ],
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["code", "msg", "valid"],
                                "properties": {
                                    "code": {"$ref": "#/components/schemas/ResponseCode"},
                                    "msg": {"$ref": "#/components/schemas/ResponseMessage"},
                                    "valid": {"type": "boolean"},
                                },
                            }
                        }
                    },
                },
                "400": {"$ref": "#/components/responses/BadRequest"},
                "401": {"$ref": "#/components/responses/Unauthorized"},
            },
        }
    }


class WithVerify(Responses):
    @handles("verifyExtractCode")
    def verify_extract_code(self, req: Validated, v: Variants, lang: str) -> Reply:
        valid = req.path["share_id"].endswith("2")
        return Reply(200, dumps(render.envelope(v, lang, "verifyExtractCode", valid=valid)))


def test_an_operation_added_to_a_copy_of_the_spec_is_served_once_it_has_a_handler(tmp_path: Path) -> None:
    # The emulator's part of adding an operation (README "Adding an operation", step 3): the route,
    # its authentication and its validation come from the spec; only the handler is written.
    path = spec_copy(tmp_path, with_verify_operation)
    with pytest.raises(MissingHandler, match="verifyExtractCode"):
        create_app(spec_path=path)
    app = create_app(spec_path=path, responses=WithVerify)
    validators = app.state.validators
    with TestClient(app) as client:
        answer = client.get(f"{V1}/share/extractCode/1808628918203192832", headers=TOKEN)
        assert answer.status_code == 200 and answer.json()["valid"] is True
        assert not list(validators.response_validator("verifyExtractCode", 200).iter_errors(answer.json()))
        assert client.get(f"{V1}/share/extractCode/1808628918203192832").status_code == 401
        refused = client.get(f"{V1}/share/extractCode/not-an-id", headers=TOKEN)
        assert refused.status_code == 400 and refused.json()["code"] == 13000102
        assert client.post(f"{V1}/share/extractCode/1", headers=TOKEN).status_code == 405
        assert client.get(f"{V1}/share/taskDetail", headers=TOKEN).status_code == 405  # literal first


def test_a_registry_operation_the_served_spec_lacks_is_not_routed(monkeypatch: Any, caplog: Any) -> None:
    # A registry regenerated from a changed copy of the spec, imported beside the shipped spec: what
    # the spec served cannot validate is not routed (and logged), the rest is served.
    from koodrive_emulator import app as app_module

    extra = Route("getShareInfo", "GET", f"{V1}/share/info/{{share_id}}", ("koodriveToken",))
    monkeypatch.setattr(app_module, "registry_routes", lambda: (*registry_routes(), extra))
    with caplog.at_level("WARNING", logger="koodrive_emulator.app"):
        app = create_app()
    assert "getShareInfo" not in app.dispatcher.handlers  # type: ignore[attr-defined]
    assert "not routed, not in the spec served: getShareInfo" in caplog.text
    with TestClient(app) as client:
        answer = client.get(f"{V1}/share/info/1808628918203192832", headers=TOKEN)
        assert answer.status_code == 400 and answer.json()["code"] == 13000102  # no such API path
        assert client.get(f"{V1}/jobs?offset=0&limit=1", headers=TOKEN).status_code == 200
    # routed explicitly, an operation the spec served lacks stops the start, naming it
    with pytest.raises(LookupError, match="getShareInfo"):
        create_app(routes=(*registry_routes(), extra), responses=WithShareInfo)


class WithShareInfo(Responses):
    @handles("getShareInfo")
    def get_share_info(self, req: Validated, v: Variants, lang: str) -> Reply:  # pragma: no cover
        return Reply(200, b"{}")
