"""Builds Phuean's NLU components directly (no server) on a temporary Rasa model storage."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.training_data.training_data import TrainingData

from tests.services import PROJECT_ROOT


def execution_context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


def storage(path: Path) -> LocalModelStorage:
    return LocalModelStorage(path)


@cache
def project_training_data() -> TrainingData:
    """The project's NLU data as Rasa loads it for training (with the language metadata)."""
    importer = RasaFileImporter(
        config_file=str(PROJECT_ROOT / "config.yml"),
        domain_path=str(PROJECT_ROOT / "domain.yml"),
        training_data_paths=[str(PROJECT_ROOT / "data" / "nlu")],
    )
    return importer.get_nlu_data()


def create(component: Any, path: Path, name: str, **config: Any) -> Any:
    return component.create(
        {**component.get_default_config(), **config}
        if hasattr(component, "get_default_config")
        else config,
        storage(path),
        Resource(name),
        execution_context(),
    )
