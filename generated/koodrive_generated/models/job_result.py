from enum import IntEnum


class JobResult(IntEnum):
    ALL_SUCCEEDED = 1
    PARTIALLY_FAILED = 2
    ALL_FAILED = 3

    def __str__(self) -> str:
        return str(self.value)
