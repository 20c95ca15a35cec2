"""Tests of the rendered API reference (make docs)."""
