"""Growth references, one module each, registered by name (no if/elif dispatch).

Each reference module exposes the same three functions: `lms_arrays` (LMS arrays for `np.take`),
`select_table` (which table serves a row) and `data_absent` (rows it cannot score, with a reason).
"""

from __future__ import annotations

from types import ModuleType

from ranting.growth.references import who2006

REFERENCES: dict[str, ModuleType] = {who2006.NAME: who2006}

__all__ = ["REFERENCES", "who2006"]
