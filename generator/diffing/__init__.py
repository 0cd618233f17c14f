"""``eventgen diff``: what a spec change does to the programs that send and receive its events.

``model`` holds the change records and the one table of rules that says which changes break,
``compare`` walks two IRs, ``pyapi`` compares the generated Python names, ``render`` writes text,
markdown or JSON, and ``gitrev`` reads a spec from git (``REV:PATH``).
"""
