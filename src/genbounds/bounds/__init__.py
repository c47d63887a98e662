"""Each theorem's bound as a function of its quantities.

The functions live in four files by family and are all importable from here:
``classical`` (finite class, VC, Rademacher, norm-based network bounds, Zhang-Liu-Tao binary
classification), ``information`` (Xu-Raginsky, CMI, functional CMI, out-of-distribution),
``depth`` (Zhang-Liu-Tao's exponential-in-depth bound, noisy SGD) and ``iterative`` (Pensia-Jog-Loh
bound for noisy iterative algorithms).
"""

from __future__ import annotations

from genbounds.bounds import classical, depth, information, iterative
from genbounds.bounds.classical import *  # noqa: F403
from genbounds.bounds.depth import *  # noqa: F403
from genbounds.bounds.information import *  # noqa: F403
from genbounds.bounds.iterative import *  # noqa: F403

__all__ = [*classical.__all__, *information.__all__, *depth.__all__, *iterative.__all__]
