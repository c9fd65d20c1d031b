"""iepcheck: is the school doing what the child's IEP or 504 plan says?"""

import os
import sys
import types
from importlib.machinery import ModuleSpec, PathFinder

__version__ = "0.1.0"

# pydantic plugins are off in iepcheck, by pydantic's own switch. A plugin (installed by any
# other package on the machine) sees every plan and log entry validated: private data about
# a child that must not leave it. Set here because this module is imported before pydantic.
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"

PLUGIN_LOADER = "pydantic.plugin._loader"


class PluginLoaderStandIn:
    """pydantic's plugin loader as it behaves with plugins off: `get_plugins()` finds none.

    pydantic imports its loader (`from ._loader import get_plugins`) when it builds its first
    validator, and the real module imports `importlib.metadata` at its top to scan installed
    packages: with email, zipfile, csv, socket and their C extensions that is ~50 modules and
    10-18 ms of every run, spent although the switch above means no scan ever happens.

    This is an import hook (a meta path finder and loader, the import system's own extension
    point) for that one module name: the module it makes answers `get_plugins` exactly as the
    real one does under the switch, and any other name loads the real module, so nothing
    else changes. tests/test_startup.py fails when pydantic stops finding plugins this way.
    """

    def find_spec(self, fullname: str, path: object = None,
                  target: object = None) -> ModuleSpec | None:
        if fullname != PLUGIN_LOADER:
            return None
        return ModuleSpec(fullname, self)  # type: ignore[arg-type]  # a loader by protocol

    def create_module(self, spec: ModuleSpec) -> None:
        return None  # the default: a plain module

    def exec_module(self, module: types.ModuleType) -> None:
        module.__dict__.update(get_plugins=_no_plugins, __getattr__=_real_loader_attribute)


def _no_plugins() -> tuple[()]:
    return ()


def _real_loader_attribute(name: str) -> object:
    """Any name but `get_plugins`: load pydantic's own loader in the stand-in's place."""
    if name.startswith("__"):  # the import system probing (`__path__`): not a package
        raise AttributeError(name)
    import importlib.util

    import pydantic.plugin

    spec = PathFinder.find_spec(PLUGIN_LOADER, pydantic.plugin.__path__)
    if spec is None or spec.loader is None:
        raise AttributeError(name)
    real = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(real)
    sys.modules[PLUGIN_LOADER] = real
    pydantic.plugin._loader = real  # type: ignore[attr-defined]
    return getattr(real, name)


if PLUGIN_LOADER not in sys.modules and not any(
        isinstance(finder, PluginLoaderStandIn) for finder in sys.meta_path):
    sys.meta_path.insert(0, PluginLoaderStandIn())
