"""The registry of datasets Trayecto imports: where each comes from and which loader reads it.

A loader is `load(path, warehouse, *, dry_run) -> ImportReport` and has one shape: read the
file (a file it cannot read is refused with `report.refuse`), validate every row (each one
imported or rejected with a Problem), then publish its tables once, in one manifest swap,
only when the file was accepted: `files.publish_reference` for reference tables,
`vintages.finish_import` for fact tables kept by vintage.
Loaders are named as "module:function" and imported on use, so listing sources stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from trayecto.domain.problems import ImportReport
from trayecto.warehouse import Warehouse


class Loader(Protocol):
    def __call__(self, path: Path, warehouse: Warehouse, *, dry_run: bool) -> ImportReport: ...


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str  # the official download address; "" for formats partners or ETCs send
    folder: str  # folder of the local mirror laid out like shared/data
    filename: str  # file inside `folder` that the loader reads by default
    loader: str  # "module:function"
    official: bool = True  # fetched and loaded by `sources fetch` / `demo`

    def load_function(self) -> Loader:
        module_name, _, function = self.loader.partition(":")
        loader: Callable[..., ImportReport] = getattr(
            importlib.import_module(module_name), function
        )
        return loader


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    if source.id in SOURCES:
        raise ValueError(f"source id {source.id!r} registered twice")
    SOURCES[source.id] = source
    return source


def get(source_id: str) -> Source:
    try:
        return SOURCES[source_id]
    except KeyError:
        known = ", ".join(sorted(SOURCES))
        raise KeyError(f"unknown source {source_id!r}; known sources: {known}") from None


# The registrations live in one module so that ids are visible in one place.
importlib.import_module("trayecto.importers.sources")
