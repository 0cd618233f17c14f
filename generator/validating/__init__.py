"""``eventgen validate``: captured traffic held against the package a spec generates.

One module per job: ``captures`` (which reader, and the frames it yields), ``jsonl``, ``har`` and
``sse`` (the readers), ``loadpkg`` (the generated package, in memory or from a directory),
``fastcheck`` (is a parsed event free of drift, cheaply), ``drift`` (where decoded JSON and the
spec disagree, with paths and schema pointers), ``session`` (the run: parse, tally, walk),
``report`` (text and JSON), ``infer`` (schemas from samples), ``sources`` (where the spec writes a
schema the IR names), ``overlay_writer`` and ``recheck`` (which rejected events the overlays leave).
"""
