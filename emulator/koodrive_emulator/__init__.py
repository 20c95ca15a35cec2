"""A stateful emulator of the KooDrive task service (batch jobs, basic tasks, share async tasks).

`create_app()` gives the ASGI app (state in `app.state.emulator`), `running()` serves one on a
free loopback port in a background thread, `python -m koodrive_emulator` serves one as a process.
"""

from .app import create_app
from .auth import sign_headers
from .clock import VirtualClock
from .config import Credentials, EmulatorConfig, Faults, Outcomes, Paging, RateLimit, Transition
from .models import BasicTask, Job, ShareTask
from .server import RunningEmulator, running
from .service import Emulator

__all__ = [
    "BasicTask",
    "Credentials",
    "Emulator",
    "EmulatorConfig",
    "Faults",
    "Job",
    "Outcomes",
    "Paging",
    "RateLimit",
    "RunningEmulator",
    "ShareTask",
    "Transition",
    "VirtualClock",
    "create_app",
    "running",
    "sign_headers",
]
