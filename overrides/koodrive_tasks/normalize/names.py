"""Q7, Q16: wire names and values kept verbatim where users deserve a sane name or a split.

`reservatioinInfo` (sic) is exposed as `reservation_info`: the spec says so
(`x-koodrive-client-name`), and the generated record reads the wire's spelling. A composite user
id such as `0929…f35e4|1465814559892958208` (share tasks) or `40086000004871666-369528171409614001`
(jobs) is kept verbatim, with `split_user_id` for callers who need the parts.
"""

from __future__ import annotations


def split_user_id(user_id: str) -> tuple[str | None, str]:
    """("tenant", "user") for `tenant|user`; (None, user_id) when there is no pipe."""
    tenant, sep, user = user_id.partition("|")
    return (tenant, user) if sep else (None, user_id)
