"""The commands of ``eventgen``, one module each.

A command module has ``NAME``, ``HELP``, ``arguments(parser)`` that declares its options, and
``run(args) -> int`` that returns the exit code. ``generator.cli`` lists them in ``COMMANDS``.
"""
