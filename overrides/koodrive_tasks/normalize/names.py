"""Q7, Q16: wire names and values kept verbatim where users deserve a sane name or a split.

`reservatioinInfo` (sic) is exposed as `reservation_info`; a composite user id such as
`0929…f35e4|1465814559892958208` (share tasks) or `40086000004871666-369528171409614001` (jobs)
is kept verbatim, with `split_user_id` for callers who need the parts.
"""

from __future__ import annotations

from typing import Any

#: the wire's spelling, kept in the spec so the generated client reads what the server sends
MISSPELT_RESERVATION_INFO = "reservatioinInfo"


def reservation_info(record: dict[str, Any]) -> dict[str, Any]:
    """`reservatioinInfo` of a wire record; users read it as `reservation_info`."""
    value = record.get(MISSPELT_RESERVATION_INFO)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{MISSPELT_RESERVATION_INFO} is not an object")
    return value


def split_user_id(user_id: str) -> tuple[str | None, str]:
    """("tenant", "user") for `tenant|user`; (None, user_id) when there is no pipe."""
    tenant, sep, user = user_id.partition("|")
    return (tenant, user) if sep else (None, user_id)
