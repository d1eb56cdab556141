"""`--engine duckdb|spark` on `trayecto indicator`, `reach` and `trajectory`: the same JSON
from either engine, TRAYECTO_ENGINE as the default, and a query Spark cannot take refused
with its SQL file named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.analytics.test_spark_engine import five_w_lines, same
from tests.support.official_data import load_official
from tests.support.students import imported_student_years
from trayecto.analytics import reach
from trayecto.cli.main import app
from trayecto.warehouse import Warehouse, spark

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    warehouse = Warehouse(home / "warehouse")
    load_official(shared_data, warehouse)
    warehouse.publish(reach.TABLE, five_w_lines())
    return home


def invoke(home: Path, *args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"TRAYECTO_HOME": str(home), **env})
    return result.exit_code, result.stdout, result.stderr


INDICATOR = ("indicator", "cobertura_neta", "--level", "department", "--area", "81", "--json")


def test_indicator_is_the_same_on_both_engines(spark_session: None, home: Path) -> None:
    code, duck, _ = invoke(home, *INDICATOR, "--engine", "duckdb")
    assert code == 0, duck
    code, other, err = invoke(home, *INDICATOR, "--engine", "spark")
    assert code == 0, err
    assert len(json.loads(duck)) > 10
    same(json.loads(duck), json.loads(other), "trayecto indicator")


def test_trayecto_engine_is_the_default_and_is_checked(spark_session: None, home: Path) -> None:
    code, duck, _ = invoke(home, *INDICATOR)
    code, other, err = invoke(home, *INDICATOR, TRAYECTO_ENGINE="spark")
    assert code == 0, err
    same(json.loads(duck), json.loads(other), "TRAYECTO_ENGINE=spark")
    code, _, err = invoke(home, *INDICATOR, "--engine", "oracle")
    assert code == 2
    assert "duckdb, spark" in err
    code, _, err = invoke(home, *INDICATOR, TRAYECTO_ENGINE="oracle")
    assert code == 2
    assert "TRAYECTO_ENGINE" in err


@pytest.mark.django_db  # `reach` reads the operational database
def test_reach_is_the_same_on_both_engines(spark_session: None, home: Path) -> None:
    args = ("reach", "--period", "2026-03", "--level", "department", "--status", "approved")
    code, duck, err = invoke(home, *args, "--json", "--engine", "duckdb")
    assert code == 0, err
    code, other, err = invoke(home, *args, "--json", "--engine", "spark")
    assert code == 0, err
    assert json.loads(duck)
    same(json.loads(duck), json.loads(other), "trayecto reach")


def test_trajectory_is_the_same_on_both_engines(
    spark_session: None, tmp_path: Path, shared_data: Path
) -> None:
    imported_student_years(tmp_path, shared_data)
    args = ("trajectory", "--level", "municipality", "--year", "2024", "--json")
    code, duck, err = invoke(tmp_path, *args, "--engine", "duckdb")
    assert code == 0, err
    code, other, err = invoke(tmp_path, *args, "--engine", "spark")
    assert code == 0, err
    assert json.loads(duck)
    same(json.loads(duck), json.loads(other), "trayecto trajectory")


def test_a_query_spark_cannot_take_is_refused_naming_its_file(
    spark_session: None, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(sql: str, origin: str = "query") -> str:
        raise spark.Untranslatable(f"{origin}: sqlglot cannot write it for Spark: construct")

    monkeypatch.setattr(spark, "translate", refuse)
    code, _, err = invoke(home, "indicator", "tasa_matriculacion_5_16", "--engine", "spark")
    assert code == 1
    assert "men_rate_by_population_5_16.sql" in err
