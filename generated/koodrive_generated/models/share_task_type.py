from enum import IntEnum


class ShareTaskType(IntEnum):
    PACKAGE_DOWNLOAD = 1
    SAVE_TO_DRIVE = 2

    def __str__(self) -> str:
        return str(self.value)
