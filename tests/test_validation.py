"""The package's promise, table-driven (issue 12): every public entry point refuses bad input by name.

The table below has one row per public function and per public method of an exported class. The rows
are checked against the live ``__all__`` of every module (``test_every_public_name_has_a_row``), so a
new function without a row -- hence without a check of its arguments -- fails the suite.

Each row gives a valid call and, for each argument, its *kind*; every kind has a list of bad values
(NaN, infinities where they make no sense, wrong types, booleans, truthy strings for flags, out-of-range
and huge integers, unnormalised pmfs, non-callables, legacy random states). For each (row, argument, bad
value) the call must raise ``ValueError`` whose message names the argument. For the kinds that accept
``inf`` (a bound may be infinite), the call with ``inf`` must either refuse by name or return a value
without NaN.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import pkgutil
import re
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

import genbounds

NAN, INF = float("nan"), float("inf")

#: Bad values of each kind of argument.
BAD: dict[str, list[Any]] = {
    "int1": [0, -1, 1.5, True, "3", NAN, INF, None, 2**64],
    "int1_opt": [0, -1, 1.5, True, "3", NAN, INF, 2**64],  # None means "default" for these
    "int0": [-1, 1.5, True, "3", NAN, None, 2**64],
    "int2": [1, 0, 1.5, True, "3", NAN, None],
    "size": [0, -1, 1.5, True, "3", NAN, None],  # integers of any magnitude are valid
    "size0": [-1, 1.5, True, "3", NAN, None],
    "pmfany": [[0.5, 0.6], [NAN, 1.0], [-0.5, 1.5], "x"],
    "probs": [[-0.1, 0.5], [NAN, 0.5], [1.5, 0.2], "x"],
    "seed": [-1, 1.5, True, "3", None],
    "pos": [0, -1.0, NAN, "x", True, None],  # > 0, +inf accepted
    "posf": [0, -1.0, NAN, INF, "x", True, None],
    "nonneg": [-1.0, NAN, "x", True, None],  # >= 0, +inf accepted
    "nonnegf": [-1.0, NAN, INF, "x", True, None],
    "prob": [-0.1, 1.1, NAN, "x", True, None],
    "open": [0.0, 1.0, NAN, "x", True, None],
    "real": [NAN, "x", True, None],  # +-inf accepted
    "realf": [NAN, INF, -INF, "x", True, None],
    "flag": ["no", 1, None],
    "callable": [3, "f"],
    "callable_opt": [3, "f"],
    "rng": [3, np.random.RandomState(0)],
    "rng_opt": [3, np.random.RandomState(0)],
    "base": [1.0, 0.0, -2.0, NAN, INF, "x", True],
    "pmf1": [[0.5, 0.6], [NAN, 1.0], [-0.5, 1.5], "x", [[0.5, 0.5]]],
    "pmf2": [[[0.5, 0.6], [0.0, 0.0]], [[NAN, 1.0], [0.0, 0.0]], [0.5, 0.5], "x"],
    "pmf3": [np.full((2, 2, 2), 0.2), np.full((2, 2), 0.25), "x"],
    "channel": [[[0.5, 0.6], [0.5, 0.5]], [[NAN, 1.0], [0.5, 0.5]], [1.0, 0.0], [[-0.5, 1.5], [0.5, 0.5]], "x"],
    "array": [[NAN, 1.0], "x"],
    "kind": ["circle", 3, None],
    "samples": [[NAN, 1.0], np.zeros((2, 2, 2)), "x"],
    "tensor_x": [np.zeros((4, 40)), "x"],
}

#: Kinds whose +inf is a legal value (the result must then carry no NaN).
INF_OK = {"pos": INF, "nonneg": INF, "real": INF}


@dataclass
class Row:
    name: str
    call: Callable[..., Any]
    valid: dict[str, Any]
    kinds: dict[str, str] = field(default_factory=dict)
    reason: str = ""  # why a row checks no argument (result containers, argument-free methods)


ROWS: list[Row] = []


def row(name: str, call: Callable[..., Any], valid: dict[str, Any] | None = None, reason: str = "", **kinds: str) -> None:
    ROWS.append(Row(name, call, valid or {}, kinds, reason))


def _rng() -> np.random.Generator:
    return np.random.default_rng(0)


# ----------------------------------------------------------------------------------------------
# The table
# ----------------------------------------------------------------------------------------------
def _concentration() -> None:
    from genbounds import concentration as c

    row("concentration.markov_bound", c.markov_bound, {"mean": 1.0, "t": 2.0}, mean="nonneg", t="pos")
    row("concentration.chebyshev_bound", c.chebyshev_bound, {"variance": 1.0, "t": 2.0}, variance="nonneg", t="pos")
    row("concentration.bernoulli_cgf", c.bernoulli_cgf, {"lam": 0.5, "p": 0.3}, lam="realf", p="prob")
    row("concentration.uniform_cgf", c.uniform_cgf, {"lam": 0.5}, lam="realf")
    row("concentration.exponential_cgf", c.exponential_cgf, {"lam": 0.5, "rate": 1.0}, lam="realf", rate="posf")
    row("concentration.chernoff_bound", c.chernoff_bound,
        {"cgf": c.uniform_cgf, "t": 0.7, "n": 10, "lam_max": 50.0},
        cgf="callable", t="realf", n="int1", lam_max="posf")
    row("concentration.kl_bernoulli", c.kl_bernoulli, {"q": 0.3, "p": 0.5}, q="prob", p="prob")
    row("concentration.chernoff_bound_bernoulli", c.chernoff_bound_bernoulli, {"n": 10, "p": 0.5, "eps": 0.1},
        n="int1", p="prob", eps="pos")
    row("concentration.hoeffding_bound", c.hoeffding_bound, {"n": 10, "eps": 0.1, "a": 0.0, "b": 1.0, "two_sided": True},
        n="int1", eps="pos", a="realf", b="realf", two_sided="flag")
    row("concentration.hoeffding_sample_size", c.hoeffding_sample_size, {"eps": 0.1, "delta": 0.05, "a": 0.0, "b": 1.0},
        eps="posf", delta="open", a="realf", b="realf")
    row("concentration.binomial_tail", c.binomial_tail, {"n": 10, "p": 0.3, "eps": 0.2}, n="int1", p="prob", eps="pos")
    row("concentration.binomial_two_sided_tail", c.binomial_two_sided_tail, {"n": 10, "p": 0.3, "eps": 0.2},
        n="int1", p="prob", eps="pos")
    row("concentration.uniform_mean_tail", c.uniform_mean_tail, {"n": 5, "eps": 0.1}, n="int1", eps="pos")
    row("concentration.exponential_mean_tail", c.exponential_mean_tail, {"n": 5, "eps": 0.1, "rate": 1.0},
        n="int1", eps="pos", rate="posf")
    row("concentration.exact_sample_size_bernoulli", c.exact_sample_size_bernoulli, {"eps": 0.1, "delta": 0.05, "p": 0.5},
        eps="posf", delta="open", p="prob")
    row("concentration.empirical_tail", c.empirical_tail, {"samples": [0.1, 0.5, 0.9], "t": 0.5},
        samples="samples", t="real")
    row("concentration.sample_means", c.sample_means,
        {"draw": lambda rng, size: rng.random(size), "n": 5, "trials": 4, "rng": _rng()},
        draw="callable", n="int1", trials="int1", rng="rng")
    row("concentration.chernoff_kl_sample_size", c.chernoff_kl_sample_size, {"eps": 0.1, "delta": 0.05, "p": 0.5},
        eps="pos", delta="open", p="open")
    row("concentration.mcdiarmid_bound", c.mcdiarmid_bound, {"t": 0.1, "c": 0.1, "n": 10}, t="pos", c="nonnegf",
        n="int1_opt")
    row("concentration.subgaussian_max_bound", c.subgaussian_max_bound, {"sigma": 1.0, "count": 10},
        sigma="nonnegf", count="int1")
    row("concentration.gaussian_expected_max", c.gaussian_expected_max, {"count": 10}, count="int1")


def _problems() -> None:
    from genbounds.problems import Coin, ThresholdProblem

    x = np.array([[0.1, 0.4, 0.6, 0.9], [0.2, 0.3, 0.7, 0.8]])
    y = np.array([[0, 1, 1, 1], [0, 0, 1, 0]])
    tp = ThresholdProblem()
    row("problems.Coin", Coin, {"theta": 0.3}, theta="prob")
    row("problems.Coin.sample_means", Coin(0.3).sample_means, {"n": 5, "trials": 3, "rng": _rng()},
        n="int1", trials="int1", rng="rng")
    row("problems.ThresholdProblem", ThresholdProblem, {"a": 0.5, "b": 1.0, "noise": 0.1}, a="prob", b="prob", noise="prob")
    row("problems.ThresholdProblem.sample", tp.sample, {"n": 5, "rng": _rng(), "trials": 2},
        n="int1", rng="rng", trials="int1_opt")
    row("problems.ThresholdProblem.risk", tp.risk, {"t": 0.3}, t="prob")
    row("problems.ThresholdProblem.empirical_risk", tp.empirical_risk, {"t": 0.5, "x": x, "y": y}, t="real",
        x="array", y="array")
    row("problems.ThresholdProblem.erm", tp.erm, {"x": x, "y": y}, x="array", y="array")
    row("problems.ThresholdProblem.random_search", tp.random_search, {"x": x, "y": y, "budget": 5, "rng": _rng()},
        x="array", y="array", budget="int1", rng="rng")
    row("problems.ThresholdProblem.sup_deviation", tp.sup_deviation, {"x": x, "y": y}, x="array", y="array")


def _complexity() -> None:
    from genbounds import complexity as c

    pred = np.array([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]])
    X = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    row("complexity.growth_function", c.growth_function, {"kind": "interval", "n": 5}, kind="kind", n="size0")
    row("complexity.vc_dimension", c.vc_dimension, {"kind": "interval"}, kind="kind")
    row("complexity.dichotomies", c.dichotomies, {"kind": "threshold", "x": [0.1, 0.5, 0.3]}, kind="kind", x="array")
    row("complexity.sauer_bound", c.sauer_bound, {"d": 3, "n": 10, "log": False}, d="size0", n="size0", log="flag")
    row("complexity.sauer_bound_exponential", c.sauer_bound_exponential, {"d": 3, "n": 10, "log": False},
        d="size", n="size", log="flag")
    row("complexity.empirical_rademacher", c.empirical_rademacher, {"predictions": pred, "n_draws": 10, "rng": _rng()},
        predictions="array", n_draws="int2", rng="rng")
    row("complexity.empirical_rademacher_exact", c.empirical_rademacher_exact, {"predictions": pred},
        predictions="array")
    row("complexity.massart_bound", c.massart_bound, {"predictions": pred}, predictions="array")
    row("complexity.rademacher_linear_l2", c.rademacher_linear_l2, {"X": X, "B": 1.0, "n_draws": 10, "rng": _rng()},
        X="array", B="posf", n_draws="int2", rng="rng")
    row("complexity.rademacher_linear_l2_bound", c.rademacher_linear_l2_bound, {"X": X, "B": 1.0}, X="array", B="posf")


def _information() -> None:
    from genbounds import information as info

    pxy = np.array([[0.4, 0.1], [0.1, 0.4]])
    K = np.array([[0.9, 0.1], [0.2, 0.8]])
    xs, ys = np.array([0, 1, 1, 0, 1]), np.array([1, 1, 0, 0, 1])
    cont = np.linspace(0.0, 1.0, 20)
    means = np.array([[0.0], [1.0], [2.0]])
    row("information.entropy", info.entropy, {"p": [0.5, 0.5], "base": 2}, p="pmfany", base="base")
    row("information.kl_divergence", info.kl_divergence, {"p": [0.5, 0.5], "q": [0.3, 0.7], "base": None},
        p="pmf1", q="pmf1", base="base")
    row("information.mutual_information", info.mutual_information, {"pxy": pxy, "base": None}, pxy="pmf2", base="base")
    row("information.lautum_information", info.lautum_information, {"pxy": pxy, "base": None}, pxy="pmf2", base="base")
    row("information.conditional_mutual_information", info.conditional_mutual_information,
        {"pxyz": np.full((2, 2, 2), 0.125), "base": None}, pxyz="pmf3", base="base")
    row("information.donsker_varadhan", info.donsker_varadhan,
        {"p": [0.5, 0.5], "q": [0.3, 0.7], "f": [0.1, -0.2], "base": None},
        p="pmf1", q="pmf1", f="array", base="base")
    row("information.binary_entropy", info.binary_entropy, {"p": 0.3, "base": None}, p="prob", base="base")
    row("information.gaussian_mutual_information", info.gaussian_mutual_information, {"rho": 0.5, "base": None},
        rho="real", base="base")
    row("information.gaussian_mutual_information_from_cov", info.gaussian_mutual_information_from_cov,
        {"cov": [[1.0, 0.5], [0.5, 1.0]], "dim_x": 1, "base": None},
        cov="array", dim_x="int1", base="base")
    row("information.gaussian_channel_capacity", info.gaussian_channel_capacity, {"power": 1.0, "noise": 1.0, "base": None},
        power="nonneg", noise="pos", base="base")
    row("information.plugin_entropy", info.plugin_entropy, {"x": xs, "base": None}, x="samples", base="base")
    row("information.miller_madow_entropy", info.miller_madow_entropy, {"x": xs, "base": None}, x="samples", base="base")
    row("information.plugin_mutual_information", info.plugin_mutual_information, {"x": xs, "y": ys, "base": None},
        x="samples", y="samples", base="base")
    row("information.miller_madow_mutual_information", info.miller_madow_mutual_information,
        {"x": xs, "y": ys, "base": None}, x="samples", y="samples", base="base")
    row("information.binned_mutual_information", info.binned_mutual_information,
        {"x": cont, "y": cont[::-1], "bins": 4, "base": None}, x="samples", y="samples", bins="int1", base="base")
    row("information.ksg_mutual_information", info.ksg_mutual_information,
        {"x": cont, "y": cont**2, "k": 3, "standardize": True, "base": None},
        x="samples", y="samples", k="int1", standardize="flag", base="base")
    row("information.capacity_bounds", info.capacity_bounds, {"K": K, "max_iter": 100, "tol": 1e-6},
        K="channel", max_iter="int1", tol="pos")
    row("information.blahut_arimoto_capacity", info.blahut_arimoto_capacity,
        {"K": K, "tol": 1e-6, "max_iter": 10_000, "base": None, "return_input": False},
        K="channel", tol="pos", max_iter="int1", base="base", return_input="flag")
    row("information.rate_distortion_bernoulli", info.rate_distortion_bernoulli,
        {"p": 0.3, "D": 0.1, "base": None, "iters": 50}, p="prob", D="nonneg", base="base", iters="int1")
    row("information.binned_layer_information", info.binned_layer_information,
        {"t": np.linspace(0, 1, 8)[:, None], "y": np.array([0, 1] * 4), "bins": 3, "value_range": (0.0, 1.0), "base": None},
        t="samples", bins="int1", base="base")
    row("information.gaussian_mixture_entropy", info.gaussian_mixture_entropy,
        {"means": means, "sigma": 1.0, "rng": _rng(), "n_samples": 50, "weights": None, "base": None},
        means="samples", sigma="posf", rng="rng", n_samples="int2", weights="pmf1", base="base")
    row("information.gaussian_mixture_entropy_bounds", info.gaussian_mixture_entropy_bounds,
        {"means": means, "sigma": 1.0, "weights": None, "base": None},
        means="samples", sigma="posf", weights="pmf1", base="base")


def _sdpi() -> None:
    from genbounds import sdpi

    K = np.array([[0.9, 0.1], [0.2, 0.8]])
    row("sdpi.is_channel", sdpi.is_channel, {"K": K, "atol": 1e-9}, atol="nonnegf")
    row("sdpi.compose", lambda K1, K2: sdpi.compose(K1, K2), {"K1": K, "K2": K}, reason="Ks[j] named by position")
    row("sdpi.binary_symmetric_channel", sdpi.binary_symmetric_channel, {"delta": 0.1}, delta="prob")
    row("sdpi.binary_erasure_channel", sdpi.binary_erasure_channel, {"eps": 0.1}, eps="prob")
    row("sdpi.symmetric_channel", sdpi.symmetric_channel, {"q": 3, "eps": 0.1}, q="int2", eps="prob")
    row("sdpi.deterministic_channel", sdpi.deterministic_channel, {"f": [0, 1, 1], "n_outputs": 3},
        f="array", n_outputs="int1_opt")
    row("sdpi.random_channel", sdpi.random_channel, {"m": 2, "k": 3, "rng": _rng(), "concentration": 1.0},
        m="int1", k="int1", rng="rng", concentration="posf")
    row("sdpi.apply_product_channel", sdpi.apply_product_channel, {"K": K, "values": np.ones((2, 2)), "n": 2},
        K="channel", values="array", n="int1")
    row("sdpi.eta_tv", sdpi.eta_tv, {"K": K}, K="channel")
    row("sdpi.eta_chi2", sdpi.eta_chi2, {"K": K, "p": [0.5, 0.5]}, K="channel", p="pmf1")
    row("sdpi.eta_kl", sdpi.eta_kl, {"K": K, "p": [0.5, 0.5], "n_starts": 1, "rng": _rng()},
        K="channel", p="pmf1", n_starts="int0", rng="rng_opt")
    row("sdpi.certificates", sdpi.certificates, {"K": K, "p": [0.5, 0.5], "n_starts": 1, "rng": _rng()},
        K="channel", p="pmf1", n_starts="int0", rng="rng_opt")
    row("sdpi.information_along_chain", lambda p_ux, K1: sdpi.information_along_chain(p_ux, K1),
        {"p_ux": np.array([[0.4, 0.1], [0.1, 0.4]]), "K1": K}, p_ux="pmf2")
    row("sdpi.Certificates", sdpi.Certificates, {"chi2": 0.1, "kl_p": 0.2, "kl": 0.3, "tv": 0.4},
        reason="result container: built by certificates()")
    row("sdpi.Certificates.is_consistent", sdpi.Certificates(0.1, 0.2, 0.3, 0.4).is_consistent, {"tol": 1e-7},
        tol="nonnegf")


def _bounds() -> None:
    from genbounds import bounds as b

    row("bounds.finite_class_bound", b.finite_class_bound, {"size": 10, "n": 100, "delta": 0.05},
        size="size", n="int1", delta="open")
    row("bounds.realizable_finite_class_bound", b.realizable_finite_class_bound, {"size": 10, "n": 100, "delta": 0.05},
        size="size", n="int1", delta="open")
    row("bounds.parameter_counting_bound", b.parameter_counting_bound, {"n_params": 10, "n": 100, "delta": 0.05, "bits": 8},
        n_params="int1", n="int1", delta="open", bits="int1")
    row("bounds.vc_bound", b.vc_bound, {"d": 3, "n": 100, "delta": 0.05}, d="int0", n="int1", delta="open")
    row("bounds.rademacher_bound", b.rademacher_bound, {"rademacher": 0.1, "n": 100, "delta": 0.05, "empirical": True},
        rademacher="nonneg", n="int1", delta="open", empirical="flag")
    row("bounds.norm_based_network_bound", b.norm_based_network_bound, {"B": 1.5, "L": 3, "n": 100, "delta": 0.05},
        B="pos", L="int1", n="int1", delta="open")
    row("bounds.binary_classification_bound", b.binary_classification_bound,
        {"vc_dim": 3, "n": 100, "depth": 2, "eta": 0.5, "sigma": 0.5},
        vc_dim="int1", n="int1", depth="int0", eta="prob", sigma="posf")
    row("bounds.subgaussian_parameter", b.subgaussian_parameter, {"a": 0.0, "b": 1.0}, a="realf", b="realf")
    row("bounds.xu_raginsky_bound", b.xu_raginsky_bound, {"mi": 0.5, "n": 100, "sigma": 0.5},
        mi="nonneg", n="int1", sigma="pos")
    row("bounds.cgf_bound", b.cgf_bound, {"mi": 0.5, "n": 100, "cgf": lambda lam: lam**2 / 8, "lam_max": INF},
        mi="nonnegf", n="int1", cgf="callable", lam_max="pos")
    row("bounds.cmi_bound", b.cmi_bound, {"cmi": 0.5, "n": 100, "loss_range": 1.0}, cmi="nonnegf", n="int1",
        loss_range="pos")
    row("bounds.fcmi_bound", b.fcmi_bound, {"pair_mi": [[0.1, 0.2]], "loss_range": 1.0}, pair_mi="array",
        loss_range="pos")
    row("bounds.ood_bound", b.ood_bound, {"mi": 0.5, "n": 100, "kl": 0.1, "sigma": 0.5},
        mi="nonneg", n="int1", kl="nonneg", sigma="pos")
    row("bounds.rate_distortion_bound", b.rate_distortion_bound, {"mi_hat": 0.5, "n": 100, "sigma": 0.5, "distortion": 0.01},
        mi_hat="nonneg", n="int1", sigma="pos", distortion="realf")
    row("bounds.zhang_bound", b.zhang_bound, {"mi": 0.5, "n": 100, "sigma": 0.5, "L": 2, "eta": 0.5},
        mi="nonneg", n="int1", sigma="pos", L="int0", eta="prob")
    row("bounds.geometric_mean_eta", b.geometric_mean_eta, {"etas": [0.5, 0.25]}, etas="probs")
    row("bounds.noisy_sgd_bound", b.noisy_sgd_bound,
        {"n": 100, "sigma": 0.5, "L": 1, "eta": 0.5, "M": 1.0, "lr": [0.1, 0.1], "noise_std": [0.1, 0.1]},
        n="int1", sigma="pos", L="int0", eta="prob", M="nonnegf", lr="nonnegf", noise_std="posf")
    row("bounds.noisy_iterative_information", b.noisy_iterative_information,
        {"lr": 0.1, "M": 1.0, "noise_std": 0.1, "d": 10, "steps": 5},
        lr="nonnegf", M="nonnegf", noise_std="pos", d="int1_opt", steps="int1_opt")
    row("bounds.noisy_iterative_bound", b.noisy_iterative_bound,
        {"n": 100, "sigma": 0.5, "lr": 0.1, "M": 1.0, "noise_std": 0.1, "d": 10, "steps": 5},
        n="int1", sigma="pos", lr="nonnegf", M="nonnegf", noise_std="pos", d="int1_opt", steps="int1_opt")


def _sample(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    return rng.random(shape)


def _fit(data: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return np.asarray(data).mean(axis=-1)


def _loss(model: Any, data: np.ndarray) -> np.ndarray:
    return (np.asarray(data) - np.asarray(model)[..., None]) ** 2 if np.ndim(model) else (np.asarray(data) - model) ** 2


def _ghost() -> None:
    from genbounds import ghost

    est = ghost.GapEstimate(0.1, 0.01, np.zeros(2), np.zeros(2), np.zeros(2))
    sup = ghost.supersample(_sample, _fit, _loss, 3, 2, 2, _rng())
    row("ghost.expected_gap", ghost.expected_gap,
        {"sample": _sample, "fit": _fit, "loss": _loss, "n": 3, "trials": 2, "rng": _rng(), "ghost_size": 3,
         "risk": None, "batched": False},
        sample="callable", fit="callable", loss="callable", n="int1", trials="int2", rng="rng",
        ghost_size="int1_opt", risk="callable_opt", batched="flag")
    row("ghost.supersample", ghost.supersample,
        {"sample": _sample, "fit": _fit, "loss": _loss, "n": 3, "n_supersamples": 2, "n_selectors": 2, "rng": _rng(),
         "predict": None, "batched": False},
        sample="callable", fit="callable", loss="callable", n="int1", n_supersamples="int1", n_selectors="int1",
        rng="rng", predict="callable_opt", batched="flag")
    row("ghost.pair_mutual_information", ghost.pair_mutual_information,
        {"values": np.zeros((2, 2, 3, 2)), "selectors": np.zeros((2, 2, 3), int)}, values="samples", selectors="samples")
    row("ghost.replace_one_stability", ghost.replace_one_stability,
        {"fit": lambda X, Y: Y.mean(axis=1), "loss": lambda w, X, Y: (Y - w[:, None]) ** 2,
         "x": np.zeros((2, 3)), "y": np.ones((2, 3)), "x_ghost": np.zeros((2, 3)), "y_ghost": np.zeros((2, 3))},
        fit="callable", loss="callable", x="array", y="array", x_ghost="array", y_ghost="array")
    row("ghost.replace_one_stability_exact", ghost.replace_one_stability_exact,
        {"posterior": np.full((2, 2), 0.5), "loss": np.array([[0.0, 1.0], [1.0, 0.0]]), "pz": [0.5, 0.5]},
        posterior="array", loss="array", pz="pmf1")
    row("ghost.GapEstimate", ghost.GapEstimate, reason="result container: built by expected_gap()")
    row("ghost.GapEstimate.agrees_with", est.agrees_with, {"value": 0.1, "k": 3.0}, value="realf", k="nonnegf")
    row("ghost.Supersample", ghost.Supersample, reason="result container: built by supersample()")
    row("ghost.Supersample.train_test", sup.train_test, reason="no argument")
    row("ghost.Supersample.gap", sup.gap, reason="no argument")
    row("ghost.Supersample.pair_mutual_information", sup.pair_mutual_information, {"values": None},
        values="samples")
    row("ghost.StabilityEstimate", ghost.StabilityEstimate, reason="result container: built by replace_one_stability()")


def _nets() -> None:
    import torch

    from genbounds import nets

    BAD["tensor_data"] = [np.zeros((6, 40)), "x", torch.full((6, 40), NAN), torch.full((6, 40), INF), torch.zeros(6, 3)]
    model = nets.mlp(1, 4, in_features=40, n_classes=3)
    conv = nets.cnn(1, 2, n_classes=3)
    x = torch.zeros(6, 40)
    y = torch.tensor([0, 1, 2, 0, 1, 2])
    row("nets.mlp", nets.mlp, {"depth": 1, "width": 4, "n_models": 1, "seed": 0},
        depth="int1", width="int1", n_models="int1", seed="seed")
    row("nets.cnn", nets.cnn, {"depth": 1, "channels": 2, "n_models": 1, "seed": 0},
        depth="int1", channels="int1", n_models="int1", seed="seed")
    row("nets.MLP", nets.MLP, {"depth": 1, "width": 4, "in_features": 40, "n_classes": 3, "n_models": 1, "seed": 0},
        depth="int1", width="int1", in_features="int1", n_classes="int2", n_models="int1", seed="seed")
    row("nets.CNN", nets.CNN, {"depth": 1, "channels": 2, "length": 40, "n_classes": 3, "kernel_size": 3, "n_models": 1},
        depth="int1", channels="int1", length="int1", n_classes="int2", kernel_size="int1", n_models="int1")
    row("nets.MLP.features", model.features, {"x": x}, x="tensor_x")
    row("nets.MLP.forward", model.forward, {"x": x}, x="tensor_x")
    row("nets.CNN.features", conv.features, {"x": x}, x="tensor_x")
    row("nets.CNN.forward", conv.forward, {"x": x}, x="tensor_x")
    row("nets.n_parameters", nets.n_parameters, {"model": model}, reason="model: any torch module")
    row("nets.train", nets.train,
        {"model": nets.mlp(1, 4, n_classes=3), "x": x, "y": y, "steps": 2, "lr": 0.01, "batch_size": None,
         "loss_target": None, "stop_at_target": False, "seed": 0},
        x="tensor_data", steps="int1", lr="posf", batch_size="int1_opt", stop_at_target="flag", seed="seed")
    row("nets.evaluate", nets.evaluate, {"model": model, "x": x, "y": y, "chunk": 4}, x="tensor_data", chunk="int1")
    row("nets.TrainResult", nets.TrainResult, reason="result container: built by train()")
    BAD["jobs"] = ["x", [], [(1, 2)], None, [("m", x, y, {"steps": 1})], [(model, x, y, {"steps": 1, "epochs": 1})]]
    row("nets.train_many", nets.train_many, {"jobs": [(nets.mlp(1, 4, n_classes=3), x, y, {"steps": 1})], "processes": 1},
        jobs="jobs", processes="int1_opt")
    row("nets.default_processes", nets.default_processes, reason="no argument: reads GENBOUNDS_PROCESSES")
    row("nets.prunable_weights", nets.prunable_weights, {"model": model}, reason="model: any torch module")
    masks = nets.magnitude_masks(model, 0.5)
    row("nets.magnitude_masks", nets.magnitude_masks, {"model": model, "sparsity": 0.5, "masks": None},
        sparsity="prob")
    row("nets.density", nets.density, {"masks": masks}, reason="masks: a dict built by magnitude_masks()")
    row("nets.masked", nets.masked, {"model": model, "masks": masks, "state": None},
        reason="masks: a dict built by magnitude_masks()")
    row("nets.random_masks", nets.random_masks, {"masks": masks, "seed": 0}, seed="seed")
    row("nets.stack_members", lambda m1, m2: nets.stack_members(m1, m2), {"m1": model, "m2": model},
        reason="models: positional torch modules")


def _infonets() -> None:
    import torch

    from genbounds import infonets

    model = infonets.PlaneMLP([3, 2], ("tanh", "relu"), n_seeds=1, in_features=5, n_classes=2, seed=0)
    x = torch.zeros(4, 5)
    y = torch.tensor([0, 1, 0, 1])
    BAD["tensor_x5"] = [np.zeros((4, 5)), "x", torch.zeros(4, 3)]
    BAD["activation"] = ["sigmoid", 3, None]
    row("infonets.PlaneMLP", infonets.PlaneMLP,
        {"widths": [3, 2], "activations": ("tanh", "relu"), "n_seeds": 1, "in_features": 5, "n_classes": 2, "seed": 0},
        n_seeds="int1", in_features="int1", n_classes="int2", seed="seed", activations="activation")
    row("infonets.PlaneMLP.member", model.member, {"activation": "relu", "seed": 0}, activation="activation", seed="seed")
    row("infonets.PlaneMLP.features", model.features, {"x": x}, x="tensor_x5")
    row("infonets.PlaneMLP.forward", model.forward, {"x": x}, x="tensor_x5")
    row("infonets.PlaneMLP.losses", model.losses, {"x": x, "y": y}, x="tensor_x5")
    row("infonets.PlaneMLP.errors", model.errors, {"x": x, "y": y}, x="tensor_x5")
    row("infonets.train_recording", infonets.train_recording,
        {"model": infonets.PlaneMLP([3], ("tanh",), in_features=5, n_classes=2), "x": x, "y": y, "epochs": 2, "lr": 0.01,
         "record": [1, 2]},
        epochs="int1", lr="posf", x="tensor_x5")
    row("infonets.LayerRecord", infonets.LayerRecord, reason="result container: built by train_recording()")


def _compression() -> None:
    from genbounds import compression as c

    row("compression.choice_bits", c.choice_bits, {"n_options": 8}, n_options="int1")
    row("compression.elias_gamma_bits", c.elias_gamma_bits, {"m": 5}, m="int1")
    row("compression.mask_bits", c.mask_bits, {"n_weights": 10, "n_kept": 3}, n_weights="int1", n_kept="int0")
    row("compression.description_length", c.description_length,
        {"n_weights": 10, "n_kept": 3, "bits_per_weight": 4, "scale_bits": 32},
        n_weights="int1", n_kept="int0", bits_per_weight="int1", scale_bits="int0")
    row("compression.occam_bound", c.occam_bound, {"bits": 100.0, "n": 1000, "delta": 0.05},
        bits="nonnegf", n="int1", delta="open")
    row("compression.kl_inverse_upper", c.kl_inverse_upper, {"q": 0.1, "c": 0.2}, q="prob", c="nonneg")
    row("compression.compression_bound", c.compression_bound,
        {"train_error": 0.1, "bits": 100.0, "n": 1000, "delta": 0.05, "form": "kl"},
        train_error="prob", bits="nonnegf", n="int1", delta="open", form="kind")
    row("compression.quantise", c.quantise, {"w": [0.1, -0.3, 0.2], "bits": 4, "scale": None}, w="array", bits="int1")


def _gibbs() -> None:
    from genbounds import gibbs

    prob = gibbs.GibbsProblem(np.array([0.5, 0.5]), np.array([[0.0, 1.0], [1.0, 0.0]]))
    types = gibbs.enumerate_types(2, 2)
    row("gibbs.enumerate_types", gibbs.enumerate_types, {"m": 2, "n": 3}, m="int1", n="int1")
    row("gibbs.type_log_probabilities", gibbs.type_log_probabilities, {"types": types, "pz": [0.5, 0.5]},
        types="array", pz="pmf1")
    row("gibbs.GibbsProblem", gibbs.GibbsProblem, {"pz": [0.5, 0.5], "loss": [[0.0, 1.0], [1.0, 0.0]], "prior": None},
        pz="pmf1", loss="array")
    row("gibbs.GibbsProblem.posterior", prob.posterior, {"types": types, "beta": 1.0}, types="array", beta="nonneg")
    row("gibbs.GibbsProblem.exact", prob.exact, {"n": 2, "beta": [0.0, 1.0]}, n="int1", beta="nonneg")
    row("gibbs.GibbsProblem.exact_cmi", prob.exact_cmi, {"n": 2, "beta": [0.0, 1.0]}, n="int1", beta="nonneg")
    row("gibbs.GibbsProblem.sample", prob.sample, {"n": 3, "beta": 1.0, "size": 2, "rng": _rng()},
        n="int1", beta="nonneg", size="int1", rng="rng")
    samples, _ = prob.sample(3, 1.0, 2, _rng())
    row("gibbs.GibbsProblem.counts", prob.counts, {"samples": samples}, samples="samples")
    row("gibbs.GibbsProblem.fit", prob.fit, {"samples": samples, "beta": 1.0, "rng": _rng()},
        samples="samples", beta="nonneg", rng="rng")
    row("gibbs.GibbsResult", gibbs.GibbsResult, reason="result container: built by GibbsProblem.exact()")


def _data_plot_random() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from genbounds import data, plot

    row("data.mnist1d_sample", data.mnist1d_sample, {"n": 10, "seed": 0, "standardize": True},
        n="int1", seed="seed", standardize="flag")
    row("data.mnist1d_split", data.mnist1d_split, {"n_train": 10, "n_test": 10, "seed": 0},
        n_train="int1", n_test="int0", seed="seed")
    row("data.MNIST1DSplit", data.MNIST1DSplit, reason="result container: built by mnist1d_split()")
    fig, ax = plt.subplots()
    row("plot.use_style", plot.use_style, reason="no argument")
    row("plot.savefig_kwargs", plot.savefig_kwargs, reason="no argument")
    row("plot.shade_vacuous", plot.shade_vacuous, {"ax": ax, "level": 1.0}, level="realf")
    row("plot.errorband", plot.errorband, {"ax": ax, "x": [0.0, 1.0], "mean": [0.1, 0.2], "se": [0.01, 0.01], "z": 2.0},
        x="array", mean="array", se="array", z="nonnegf")
    row("reproducible", genbounds.reproducible, {"seed": 0}, seed="seed")
    row("shifted_seed", genbounds.shifted_seed, {"seed": 0}, seed="seed")
    row("seed_offset", genbounds.seed_offset, reason="no argument")


for _builder in (_concentration, _problems, _complexity, _information, _sdpi, _bounds, _ghost, _nets, _infonets,
                 _compression, _gibbs, _data_plot_random):
    _builder()

BY_NAME = {r.name: r for r in ROWS}

#: Submodules whose ``__all__`` the table must cover: every public module of the package, found on disk
#: (``bounds`` and ``ghost`` re-export their files' names), so a new module is covered from its first commit.
MODULES = sorted(m.name for m in pkgutil.iter_modules(genbounds.__path__) if not m.name.startswith("_"))


def public_names() -> set[str]:
    """Every public function and every public method of an exported class, as ``module.name[.method]``."""
    names = {n for n in genbounds.__all__ if not inspect.ismodule(getattr(genbounds, n))}
    for mod_name in MODULES:
        try:
            mod = importlib.import_module(f"genbounds.{mod_name}")
        except ModuleNotFoundError:  # pragma: no cover - a module not written yet
            continue
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isclass(obj):
                names.add(f"{mod_name}.{name}")
                for attr, value in vars(obj).items():
                    if not attr.startswith("_") and (inspect.isfunction(value) or isinstance(value, staticmethod)):
                        names.add(f"{mod_name}.{name}.{attr}")
            elif callable(obj):
                names.add(f"{mod_name}.{name}")
    return names


#: Gaps reported to the lead, (row, argument) -> what is missing: expected failures until fixed (none left).
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def test_every_public_name_has_a_row() -> None:
    missing = sorted(public_names() - set(BY_NAME))
    assert not missing, f"public entry points without a row in tests/test_validation.py: {missing}"


def test_no_row_for_a_removed_name() -> None:
    stale = sorted(set(BY_NAME) - public_names())
    assert not stale, f"rows for names that are no longer public: {stale}"


def test_rows_without_checks_say_why() -> None:
    for r in ROWS:
        assert r.kinds or r.reason, f"{r.name}: a row must check arguments or say why it has none"


def _params() -> list[Any]:
    out = []
    for r in ROWS:
        for arg, kind in r.kinds.items():
            for i, bad in enumerate(BAD[kind]):
                marks = []
                gap = KNOWN_GAPS.get((r.name, arg))
                if gap:  # the huge sizes would wait for the time limit: not run
                    marks.append(pytest.mark.xfail(reason=gap, strict=False, run=not (isinstance(bad, int) and bad > 2**62)))
                out.append(pytest.param(r.name, arg, bad, id=f"{r.name}-{arg}-{kind}{i}", marks=marks))
    return out


def _has_nan(result: Any) -> bool:
    """Whether a result (number, array, tensor, tuple, dataclass) holds a NaN anywhere."""
    if isinstance(result, (tuple, list)):
        return any(_has_nan(v) for v in result)
    if hasattr(result, "__dataclass_fields__"):
        return any(_has_nan(getattr(result, f)) for f in result.__dataclass_fields__)
    if type(result).__module__.startswith("torch") and hasattr(result, "detach"):
        result = result.detach().numpy()
    if isinstance(result, (float, np.floating, np.ndarray)):
        arr = np.asarray(result)
        return arr.dtype.kind == "f" and bool(np.isnan(arr).any())
    return False


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Turn a hang on bad input into a failure (a refusal must be immediate)."""

    def _alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _names(message: str, arg: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(arg)}(?![A-Za-z0-9_])", message) is not None


@pytest.mark.parametrize("name", [r.name for r in ROWS])
def test_valid_call_works(name: str) -> None:
    r = BY_NAME[name]
    if not r.valid and r.reason.startswith("result container"):
        pytest.skip(r.reason)
    result = r.call(**r.valid)
    assert not _has_nan(result), f"{name} returned NaN on valid input"


@pytest.mark.parametrize(("name", "arg", "bad"), _params())
def test_bad_input_is_refused_by_name(name: str, arg: str, bad: Any) -> None:
    r = BY_NAME[name]
    kwargs = dict(r.valid)
    kwargs[arg] = bad
    with time_limit(20), pytest.raises(ValueError) as info:
        r.call(**kwargs)
    assert _names(str(info.value), arg), f"{name}({arg}={bad!r}) raised {info.value!r}, which does not name {arg}"


@pytest.mark.parametrize(
    ("name", "arg"), [(r.name, a) for r in ROWS for a, k in r.kinds.items() if k in INF_OK]
)
def test_infinity_gives_a_value_without_nan_or_is_refused_by_name(name: str, arg: str) -> None:
    r = BY_NAME[name]
    kwargs = dict(r.valid)
    kwargs[arg] = INF_OK[r.kinds[arg]]
    try:
        result = r.call(**kwargs)
    except ValueError as exc:
        assert _names(str(exc), arg), f"{name}({arg}=inf) raised {exc!r}, which does not name {arg}"
        return
    assert not _has_nan(result), f"{name}({arg}=inf) returned NaN"


#: (row, argument) pairs whose scalar argument given an array still raises a raw exception: expected failures
#: until fixed (none left; compression's were fixed after issue 12).
SCALAR_GAPS: set[tuple[str, str]] = set()


def _shape_params() -> list[Any]:
    out = []
    for r in ROWS:
        for arg in r.kinds:
            value = r.valid.get(arg)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                for label, wrong in (("pair", [value, value]), ("empty", []), ("matrix", np.full((2, 2), value))):
                    gap = (r.name, arg) in SCALAR_GAPS
                    marks = [pytest.mark.xfail(reason="reported to the lead", strict=False)] if gap else []
                    out.append(pytest.param(r.name, arg, wrong, id=f"{r.name}-{arg}-{label}", marks=marks))
    return out


@pytest.mark.parametrize(("name", "arg", "wrong"), _shape_params())
def test_arrays_where_a_number_is_expected(name: str, arg: str, wrong: Any) -> None:
    """An array for a scalar argument: refused by name, or broadcast to a result without NaN, never a raw error."""
    r = BY_NAME[name]
    kwargs = dict(r.valid)
    kwargs[arg] = wrong
    try:
        with np.errstate(all="ignore"):
            result = r.call(**kwargs)
    except ValueError as exc:
        assert _names(str(exc), arg), f"{name}({arg}={wrong!r}) raised {exc!r}, which does not name {arg}"
        return
    assert not _has_nan(result), f"{name}({arg}={wrong!r}) returned NaN"
