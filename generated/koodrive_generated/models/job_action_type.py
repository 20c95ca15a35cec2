from enum import IntEnum


class JobActionType(IntEnum):
    COPY_AND_SAVE = 101
    LOGICAL_DELETE = 201
    PERMANENT_DELETE = 202
    MOVE = 301
    PREVIEW_ARCHIVE = 501
    DECOMPRESS_ALL = 502
    DECOMPRESS_PARTIAL = 503
    EMPTY_RECYCLE_BIN = 701

    def __str__(self) -> str:
        return str(self.value)
