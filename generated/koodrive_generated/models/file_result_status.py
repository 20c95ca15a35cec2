from enum import StrEnum


class FileResultStatus(StrEnum):
    FAILED = "2"
    PENDING = "0"
    SUCCEEDED = "1"

    def __str__(self) -> str:
        return str(self.value)
