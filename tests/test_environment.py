"""environment.yml (Binder, conda users) pins exactly what pyproject.toml pins."""

from __future__ import annotations

import re
import tomllib

import yaml
from _book import ROOT


def _pins(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for req in requirements:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;]+)\s*", req)
        if m:
            pins[m.group(1).lower()] = m.group(2)
    return pins


def test_environment_pins_match_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    py_pins = _pins(reqs)
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert any(re.fullmatch(r"python\s*=\s*3\.11(\.\*)?", d) for d in conda), "Python 3.11"
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    env_pins = _pins(conda_to_pip(conda) + [p for p in pip_section if not p.startswith("-")])
    assert env_pins == py_pins
    assert any(p.strip() in ("-e .", ".") for p in pip_section), "the package itself is installed"
    assert any("whl/cpu" in p for p in pip_section), "CPU-only PyTorch"


def conda_to_pip(conda: list[str]) -> list[str]:
    """``name=version`` conda specs (other than python and pip) in pip's ``name==version`` form."""
    out = []
    for d in conda:
        name, _, version = d.partition("=")
        if name.strip() not in ("python", "pip") and version:
            out.append(f"{name.strip()}=={version.strip()}")
    return out
