"""Rules are data: the YAML files under ``data/``, each read once per process."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

# libyaml's parser when PyYAML was built with it: the same data, eight times faster to read
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_path(name: str) -> Path:
    return Path(str(resources.files("policytasks") / "data" / name))


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed YAML file ``data/<name>.yaml`` (cached: read once)."""
    with open(data_path(f"{name}.yaml"), encoding="utf-8") as f:
        return yaml.load(f, Loader=_LOADER) or {}
