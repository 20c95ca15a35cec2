from enum import IntEnum


class TaskStatus(IntEnum):
    NEW = 0
    EXECUTING = 1
    SUCCESS = 2
    FAILED = 3

    def __str__(self) -> str:
        return str(self.value)
