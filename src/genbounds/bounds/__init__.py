"""Each theorem's bound as a function of its quantities.

The functions live in three files by family and are all importable from here:
``classical`` (finite class, VC, Rademacher, norm-based network bounds, Zhang-Liu-Tao binary
classification), ``information`` (Xu-Raginsky, CMI, functional CMI, out-of-distribution) and
``depth`` (Zhang-Liu-Tao's exponential-in-depth bound, noisy SGD).
"""

from __future__ import annotations

from genbounds.bounds import classical, depth, information
from genbounds.bounds.classical import *  # noqa: F403
from genbounds.bounds.depth import *  # noqa: F403
from genbounds.bounds.information import *  # noqa: F403

__all__ = [*classical.__all__, *information.__all__, *depth.__all__]
