"""Ghost-sample measurements of generalization: the course's measuring instruments.

``expected_gap`` (fresh ghost samples from the same generator), ``supersample`` (the CMI
construction of Steinke and Zakynthinou) and ``replace_one_stability``; each returns an estimate
with its standard error.
"""

from __future__ import annotations

from genbounds.ghost import gap, stability
from genbounds.ghost.gap import *  # noqa: F403
from genbounds.ghost.stability import *  # noqa: F403

__all__ = [*gap.__all__, *stability.__all__]
