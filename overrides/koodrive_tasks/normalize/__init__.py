"""One module per kind of inconsistency between KooDrive's pages and its wire (spec/QUIRKS.md).

Each function takes what the wire may carry (as the spec records it) and returns one clean shape.
"""
