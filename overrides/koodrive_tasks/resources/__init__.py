"""One small class per resource: methods build a `Call` (generated operation + arguments + parser)
and hand it to the client's sender. The sync classes (`jobs.py`, ...) are written by hand; their
async twins (`aio_jobs.py`, ...) are generated from them by `make generate`
(scripts/generate_async.py): the same builders, signatures and docstrings, with `await` on the
send and the waiting core's async twins for the loops (paging, waiting)."""
