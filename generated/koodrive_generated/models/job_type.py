from enum import IntEnum


class JobType(IntEnum):
    COPY = 1
    DELETE = 2
    MOVE = 3
    RESTORE = 4
    DECOMPRESS = 5
    PACKAGE_DOWNLOAD = 6
    EMPTY_RECYCLE_BIN = 7

    def __str__(self) -> str:
        return str(self.value)
