"""Benchmarks of the portal; each is a command, ``python -m benchmarks.<name>``.

They write only to temporary directories and throwaway databases, never to the project's
own ``db.sqlite3`` or ``media/``. The figures they print are recorded in docs/performance.md.
"""
