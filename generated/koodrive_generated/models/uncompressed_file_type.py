from enum import IntEnum


class UncompressedFileType(IntEnum):
    FILE = 1
    DIRECTORY = 2

    def __str__(self) -> str:
        return str(self.value)
