"""Contains all the data models used in inputs/outputs"""

from .archive_listing import ArchiveListing
from .basic_task import BasicTask
from .cancel_job_request import CancelJobRequest
from .cancel_job_response import CancelJobResponse
from .create_job_request import CreateJobRequest
from .create_job_response import CreateJobResponse
from .create_job_task_info import CreateJobTaskInfo
from .create_share_task_request import CreateShareTaskRequest
from .create_share_task_response import CreateShareTaskResponse
from .create_task_request import CreateTaskRequest
from .create_task_response import CreateTaskResponse
from .error_body import ErrorBody
from .file_location import FileLocation
from .file_ref import FileRef
from .file_result import FileResult
from .file_result_status import FileResultStatus
from .gateway_error_body import GatewayErrorBody
from .get_handover_dst_user_info_response import GetHandoverDstUserInfoResponse
from .get_job_response import GetJobResponse
from .get_share_task_request import GetShareTaskRequest
from .get_share_task_response import GetShareTaskResponse
from .get_task_response import GetTaskResponse
from .get_task_result_response import GetTaskResultResponse
from .import_failure import ImportFailure
from .job import Job
from .job_action_type import JobActionType
from .job_detail import JobDetail
from .job_result import JobResult
from .job_status import JobStatus
from .job_type import JobType
from .list_file_request import ListFileRequest
from .list_file_response import ListFileResponse
from .list_jobs_response import ListJobsResponse
from .list_tasks_response import ListTasksResponse
from .listed_archive_entry import ListedArchiveEntry
from .share_file_result import ShareFileResult
from .share_job_info import ShareJobInfo
from .share_task_type import ShareTaskType
from .task_status import TaskStatus
from .task_type import TaskType
from .uncompressed_file import UncompressedFile
from .uncompressed_file_reservatioin_info import UncompressedFileReservatioinInfo
from .uncompressed_file_type import UncompressedFileType
from .user_import_result import UserImportResult

__all__ = (
    "ArchiveListing",
    "BasicTask",
    "CancelJobRequest",
    "CancelJobResponse",
    "CreateJobRequest",
    "CreateJobResponse",
    "CreateJobTaskInfo",
    "CreateShareTaskRequest",
    "CreateShareTaskResponse",
    "CreateTaskRequest",
    "CreateTaskResponse",
    "ErrorBody",
    "FileLocation",
    "FileRef",
    "FileResult",
    "FileResultStatus",
    "GatewayErrorBody",
    "GetHandoverDstUserInfoResponse",
    "GetJobResponse",
    "GetShareTaskRequest",
    "GetShareTaskResponse",
    "GetTaskResponse",
    "GetTaskResultResponse",
    "ImportFailure",
    "Job",
    "JobActionType",
    "JobDetail",
    "JobResult",
    "JobStatus",
    "JobType",
    "ListedArchiveEntry",
    "ListFileRequest",
    "ListFileResponse",
    "ListJobsResponse",
    "ListTasksResponse",
    "ShareFileResult",
    "ShareJobInfo",
    "ShareTaskType",
    "TaskStatus",
    "TaskType",
    "UncompressedFile",
    "UncompressedFileReservatioinInfo",
    "UncompressedFileType",
    "UserImportResult",
)
