from enum import IntEnum


class JobStatus(IntEnum):
    PENDING = 0
    PROCESSING = 1
    COMPLETED = 2
    CANCELLED = 3

    def __str__(self) -> str:
        return str(self.value)
