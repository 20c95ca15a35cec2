from enum import IntEnum


class TaskType(IntEnum):
    HANDOVER = 0
    USER_IMPORT = 1

    def __str__(self) -> str:
        return str(self.value)
