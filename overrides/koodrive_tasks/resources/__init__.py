"""One small class per resource: methods build a `Call` (generated operation + arguments + parser)
and hand it to the client's sender. Sync and async classes share the builders; only the send and
the loops (paging, waiting) differ."""
