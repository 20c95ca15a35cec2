"""Q2, Q17-Q21, Q43, Q62: nine envelopes for the twelve operations, one per row of the table (the
three creates and cancelJob share one); the functions below return the records inside seven of them.

| operation     | wire                                                         |
|---------------|--------------------------------------------------------------|
| listJobs      | `{code, msg, data: [job…]}` (Q17)                            |
| getJob        | `{code, msg, data: {jobInfo, taskInfos, uncompressedFileList}}` (Q18) |
| getTask       | task fields flat beside `code` and `msg` (Q19)               |
| getShareTask  | `{code, msg, jobInfo, taskInfos}`, or the older `taskInfo` (Q20): see below |
| listTasks     | `{code, msg, taskList | taskListDtos, nextCursor}` (Q2, Q21)  |
| creates       | new id in `data` (jobs) or `taskId` (tasks, share tasks); cancel may have no `data` (Q43) |
| getTaskResult | `{code, msg, data: {successCount, failCount, failInfoList}}`  |
| getHandoverDstUserInfo | recipient fields flat beside `code` and `msg` |
| listFile      | `{code, msg, data: {uncompressedFileList}}`, or the task: `data: {taskId, …}` (Q62) |

The other two records are the body itself, read by their generated parsers with no function here:
a share task's is its body with `jobInfo` (or `taskInfo`) flattened into it, as the spec says
(`x-koodrive-flatten`); a handover recipient's is the body's fields beside `code` and `msg`.
"""

from __future__ import annotations

from typing import Any

from .._secrets import scrub_value

ENVELOPE_KEYS = ("code", "msg")


def _dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} is not an object: {type(value).__name__}")
    return value


def _dicts(items: list[Any], what: str) -> list[dict[str, Any]]:
    """The list itself when every item is a plain object (one C-level pass, no copy); else each
    item checked, the first that is none raising."""
    if {*map(type, items)} <= _DICT:
        return items
    return [_dict(item, what) for item in items]


_DICT = {dict}


def job_list(body: dict[str, Any]) -> list[dict[str, Any]]:
    data = body.get("data")
    if data is None:
        return []
    if not isinstance(data, list):
        raise ValueError("listJobs `data` is not an array")
    return _dicts(data, "a job")


def job_detail(body: dict[str, Any]) -> dict[str, Any]:
    return _dict(body.get("data"), "getJob `data`")


def flat_task(body: dict[str, Any]) -> dict[str, Any]:
    """The task's own fields of a flat getTask body (without `code` and `msg`)."""
    return {k: v for k, v in body.items() if k not in ENVELOPE_KEYS}


def task_list(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The tasks of a page, whichever name the list has. A page with both: `taskList` first, then
    the `taskListDtos` records whose id it lacks (an empty `taskList` beside a full `taskListDtos`
    drops nothing, and no task is handed out twice); none is empty."""
    lists = []
    for key in ("taskList", "taskListDtos"):
        value = body.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            raise ValueError(f"listTasks `{key}` is not an array")
        lists.append(_dicts(value, "a task"))
    if len(lists) < 2 or not lists[1]:
        return lists[0] if lists else []
    first, second = lists
    if not first:
        return second
    ids = {item.get("taskId") for item in first}
    return first + [item for item in second if item.get("taskId") not in ids]


def envelope_extra(body: dict[str, Any], consumed: tuple[str, ...]) -> dict[str, Any]:
    """Top-level fields outside the envelope that no parser consumed (kept, never dropped; echoed
    credentials scrubbed, as `convert.extra_of` does)."""
    outside = {k: v for k, v in body.items() if k not in ENVELOPE_KEYS and k not in consumed}
    if outside:
        outside = scrub_value(outside)
    return outside


def created_id(body: dict[str, Any]) -> Any:
    """The new id of a create: `data` for jobs, `taskId` for tasks and share tasks."""
    return body["data"] if "data" in body else body.get("taskId")


def task_result(body: dict[str, Any]) -> dict[str, Any]:
    """The import result inside getTaskResult's `data`."""
    return _dict(body.get("data"), "getTaskResult `data`")


def archive_listing(body: dict[str, Any]) -> dict[str, Any]:
    """Q62: listFile's `data`, the listing or the asynchronous task reading it (the record tells
    which: `ArchiveListing.complete`)."""
    return _dict(body.get("data"), "listFile `data`")
