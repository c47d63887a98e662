"""genbounds: the companion package of the course *Generalization in Deep Learning*.

One module per idea of the course, each usable without the book:

==================  ==========================================================================
``concentration``   Markov, Chebyshev, Chernoff and Hoeffding bounds; exact and Monte Carlo tails
``problems``        learning problems whose population risk is known exactly
``complexity``      finite classes, growth functions, VC dimension, Rademacher complexity
``information``     entropy, divergences, mutual information (exact and estimated), Blahut-Arimoto
``sdpi``            channels and their contraction coefficients (strong data processing)
``bounds``          each theorem's bound as a function of its quantities
``ghost``           ghost-sample estimates of the generalization gap, stability, supersamples
``nets``            small PyTorch models with a depth parameter and their training loop
``compression``     description lengths of pruned, quantised models; Occam and rate-distortion bounds
``plot``            the course's plotting style
==================  ==========================================================================

Chapters import it as ``import genbounds as gb``; submodules load on first use (so that the chapters
that do not train networks never import PyTorch).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from genbounds._random import reproducible, seed_offset, shifted_seed

# A chapter's first ``glue`` imports nbformat, whose JSON-schema validator imports the optional IRI checker
# ``rfc3987_syntax``; that package compiles a grammar when imported (1.3 s per chapter in a warm kernel,
# 4 s cold, measured). Nothing in the course validates IRIs, so it is kept out unless already imported
# (jsonschema then skips the two IRI formats; editions/coursework.py does the same for grading).
sys.modules.setdefault("rfc3987_syntax", None)

__all__ = [
    "bounds",
    "complexity",
    "compression",
    "concentration",
    "ghost",
    "information",
    "nets",
    "plot",
    "problems",
    "reproducible",
    "sdpi",
    "seed_offset",
    "shifted_seed",
]
__version__ = "0.1.0"

_SUBMODULES = {name for name in __all__ if name not in {"reproducible", "seed_offset", "shifted_seed"}} | {"gibbs", "data"}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f"genbounds.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'genbounds' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)
