"""`python -m koodrive_emulator` (and `make emulator`, `koodrive-tasks emulator`): serve it, banner first."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from koodrive_emulator.config import DEFAULT_APP_SECRET, DEFAULT_TOKEN
from koodrive_emulator.server import main, parse_args


def banner(args: argparse.Namespace) -> str:
    """Where the emulator listens and how to talk to it; custom secrets are not echoed."""
    host = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{host}:{args.port}"
    token = args.token if args.token == DEFAULT_TOKEN else "(custom, from --token)"
    secret = args.app_secret if args.app_secret == DEFAULT_APP_SECRET else "(custom, from --app-secret)"
    lines = [
        f"KooDrive emulator on {base} (quirk mode {args.quirk_mode}); Ctrl-C stops it",
        f"  token auth:  Authorization: Bearer {token}",
        f"  app auth:    app id {args.app_id}, app secret {secret}, user id {args.user_id}",
        f"  admin API:   {base}/_emulator/ (unauthenticated: loopback tests only)",
        f"  client:      export KOODRIVE_BASE_URL={base} KOODRIVE_TOKEN={token}",
    ]
    rate = getattr(args, "rate_limit", 0)
    if rate:
        burst = getattr(args, "rate_burst", 0) or "one second's worth"
        lines.append(f"  rate limit:  {rate:g} requests/s per credential, bursts of {burst}; 429 past it")
    return "\n".join(lines)


def run(argv: Sequence[str] | None = None) -> None:
    print(banner(parse_args(argv)), flush=True)  # the banner is this command's output
    main(argv)


if __name__ == "__main__":
    try:
        run()
    except KeyboardInterrupt:
        sys.exit(0)
