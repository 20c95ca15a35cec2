"""One small class per resource: methods build an `ApiCall` (generated operation + arguments + parser)
and hand it to the client's sender. Sync and async classes share the builders; only the send and
the loops (paging, waiting) differ."""
