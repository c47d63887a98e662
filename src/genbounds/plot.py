"""The course's one plotting style and its standard figure elements.

Call :func:`use_style` once at the top of a chapter. Figures have a solid white background, so they
stay readable in the site's dark mode, and are rendered as PNG (never SVG, whose text output changes
from run to run and would break the notebook checks).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from genbounds._validation import as_float_array, check_nonnegative, check_scalar

__all__ = ["COLORS", "use_style", "shade_vacuous", "errorband", "savefig_kwargs"]

#: One colour per role, the same in every chapter (Okabe-Ito palette, safe for colour-blind readers).
COLORS: dict[str, str] = {
    "exact": "#000000",
    "monte_carlo": "#0072B2",
    "bound": "#D55E00",
    "bound2": "#CC79A7",
    "bound3": "#E69F00",
    "train": "#009E73",
    "test": "#56B4E9",
    "gap": "#0072B2",
    "neutral": "#999999",
}

_STYLE = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 110,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.bbox": "tight",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "lines.markersize": 4,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "axes.prop_cycle": mpl.cycler(
        color=["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
    ),
    "svg.hashsalt": "genbounds",
    "image.cmap": "viridis",
}


def use_style() -> None:
    """Apply the course style to matplotlib and make notebooks emit PNG figures only."""
    mpl.rcParams.update(_STYLE)
    try:  # inside IPython: PNG only, so that stored outputs contain no SVG
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
    except ImportError:  # pragma: no cover - outside a notebook
        pass


def shade_vacuous(ax: Axes, level: float = 1.0, label: str | None = "vacuous (> 1)") -> None:
    """Shade the region above ``level`` (a probability bound above 1 says nothing)."""
    level = check_scalar(level, "level")
    ymax = ax.get_ylim()[1]
    if ymax > level:
        ax.axhspan(level, ymax, color=COLORS["neutral"], alpha=0.15, lw=0, label=label)
        ax.set_ylim(top=ymax)


def errorband(
    ax: Axes,
    x: Sequence[float] | np.ndarray,
    mean: np.ndarray,
    se: np.ndarray,
    z: float = 2.0,
    **kwargs,
) -> None:
    """Plot ``mean`` with a band of ``z`` standard errors around it."""
    x_a = as_float_array(x, "x")
    mean_a, se_a = as_float_array(mean, "mean"), check_nonnegative(se, "se")
    z_a = check_nonnegative(z, "z", finite=True)
    if z_a.ndim != 0:
        raise ValueError(f"z must be a single number, got shape {z_a.shape}")
    z = float(z_a)
    (line,) = ax.plot(x_a, mean_a, **kwargs)
    ax.fill_between(x_a, mean_a - z * se_a, mean_a + z * se_a, color=line.get_color(), alpha=0.2, lw=0)


def savefig_kwargs() -> dict:
    """Keyword arguments for ``Figure.savefig`` that match the style (PNG, white, tight)."""
    return {"format": "png", "facecolor": "white", "bbox_inches": "tight", "dpi": 150}


plt.rcParams.update({"figure.max_open_warning": 50})
