"""`dane-proyecciones`: DANE population projections by single year of age and sex.

Three files share one layout (`<code>, ano, hombres_0 … mujeres_N`): municipal (`dpmp`,
ages 0–85 where 85 is "85 and over"), departmental and national (`dp`, ages 0–100 where
100 is "100 and over"; the national file has `dp` = 0). Each becomes the rows of its level
in the long table `population`(level, area_code, year, sex, age, open_age_group,
population); importing one level keeps the others.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from trayecto.domain.geography import NATION_CODE
from trayecto.domain.problems import FileProblem, ImportReport, Problem
from trayecto.importers import cells, files
from trayecto.importers.finish import Parts, finish
from trayecto.warehouse import Warehouse

SOURCE = "dane-proyecciones"
AGE_COLUMN = re.compile(r"^(hombres|mujeres)_(\d{1,3})$")
SEX = {"hombres": "m", "mujeres": "f"}
WIDTH = {"municipality": 5, "department": 2}
WHAT = "DANE population projections by single age and sex (CSV)"


# Whole numbers as `importers/cells.py` reads them, vectorised (checked against it in
# tests/importers/test_dane_proyecciones.py): thousands grouped in threes by `.` or `,`,
# a zero fraction dropped; anything else is not a count.
_GROUPED = r"^-?[0-9]{1,3}(?:\.[0-9]{3})+$|^-?[0-9]{1,3}(?:,[0-9]{3})+$"


# What str.strip() removes (it counts the ASCII separators \x1c-\x1f, which regex \s does not).
PYTHON_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def whole_number(column: str) -> pl.Expr:
    # as cells._squeeze: Python's whitespace off both ends, the spaces of a number anywhere
    text = pl.col(column).str.strip_chars(PYTHON_WHITESPACE).str.replace_all("[ \u00a0\u202f]", "")
    text = (
        pl.when(text.str.contains(_GROUPED)).then(text).otherwise(text.str.replace(r"[.,]0+$", ""))
    )
    grouped = text.str.contains(_GROUPED)
    digits = pl.when(grouped).then(text.str.replace_all(r"[.,]", "")).otherwise(text)
    return digits.cast(pl.Int64, strict=False)


def count_problem(row: dict[str, str | None], ages: list[str], line: int) -> Problem:
    """The first count of a rejected row that is not a whole number >= 0, worded by cells."""
    for column in ages:
        try:
            cells.parse_integer(row[column], column=column, minimum=0)
        except cells.CellError as exc:
            return Problem(line, column, exc.value, f"{exc.message}; row rejected")
    raise AssertionError(f"line {line} was rejected for a count, but every count reads")


def level_of(header: list[str], first_code: str) -> str:
    if header[0] == "dpmp":
        return "municipality"
    if header[0] == "dp":
        return "nation" if first_code.strip().lstrip("0") == "" else "department"
    raise ValueError(
        f"the first column is {header[0]!r}; DANE projection files start with dpmp or dp"
    )


def load(path: Path, warehouse: Warehouse, *, dry_run: bool = False) -> ImportReport:
    report = ImportReport(source=SOURCE, dry_run=dry_run)
    try:
        # DANE publishes UTF-8: another encoding is refused with its byte and line.
        text = files.decode_text(path, files.read_bytes(path, WHAT), what=WHAT).text
    except FileProblem as exc:
        return report.refuse(exc.problem)
    try:
        wide = pl.read_csv(text.lstrip("\ufeff").encode(), infer_schema=False)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        return report.refuse(Problem(0, "", str(path), f"cannot read the file as CSV: {exc}"))
    header = wide.columns
    ages = [c for c in header[2:] if AGE_COLUMN.match(c)]
    strange = [c for c in header[2:] if not AGE_COLUMN.match(c)]
    if len(header) < 3 or header[1] != "ano" or strange or not ages:
        return report.refuse(
            Problem(
                1,
                ", ".join(strange[:5]) or (header[1] if len(header) > 1 else ""),
                path.name,
                "expected the columns dpmp|dp, ano, hombres_0 … mujeres_N (DANE single-age"
                " projections); the file has another layout",
            )
        )
    report.rows_read = wide.height
    if wide.height == 0:
        return report.refuse(Problem(0, "", str(path), "the file has no data rows"))
    try:
        level = level_of(header, wide[header[0]][0] or "")
    except ValueError as exc:
        return report.refuse(Problem(1, header[0], path.name, str(exc)))
    code_col, year_col = header[0], header[1]
    frame = wide.with_row_index("line", offset=2).with_columns(
        pl.col(code_col).str.strip_chars().alias("code_text"),
        pl.col(year_col).str.strip_chars().cast(pl.Int16, strict=False).alias("year"),
    )
    if level == "nation":
        frame = frame.with_columns(pl.lit(NATION_CODE).alias("area_code"))
    else:
        width = WIDTH[level]
        frame = frame.with_columns(
            pl.when(pl.col("code_text").str.contains(r"^\d+$"))
            .then(pl.col("code_text").str.zfill(width))
            .alias("area_code")
        )
    counts = frame.select([pl.col(c).cast(pl.Int64, strict=False) for c in ages])
    # The cells rule costs 15 times a plain cast: only columns where a cast failed need it.
    dirty = [c for c in ages if counts[c].null_count() > 0]
    if dirty:
        counts = counts.with_columns(frame.select([whole_number(c) for c in dirty]))
    bad_count = counts.select(
        pl.any_horizontal([pl.col(c).is_null() | (pl.col(c) < 0) for c in ages])
    ).to_series()
    if level == "nation":
        bad_code = pl.Series([False] * frame.height)
    else:
        bad_code = frame["area_code"].is_null() | (
            frame["area_code"].str.len_chars() != WIDTH[level]
        )
    bad_year = frame["year"].is_null() | ~frame["year"].is_between(1985, 2100)
    duplicated = ~frame.select(pl.struct("area_code", "year").is_first_distinct()).to_series()
    rejected = bad_count | bad_code | bad_year | duplicated
    for line, code, year_text, why_code, why_year, why_count, why_dup in zip(
        frame["line"],
        frame[code_col],
        frame[year_col],
        bad_code,
        bad_year,
        bad_count,
        duplicated,
        strict=True,
    ):
        if why_code:
            report.problems.append(
                Problem(line, code_col, code or "", "not a DANE code; row rejected")
            )
        elif why_year:
            report.problems.append(
                Problem(line, "ano", year_text or "", "not a year; row rejected")
            )
        elif why_count:
            report.problems.append(count_problem(frame.row(line - 2, named=True), ages, line))
        elif why_dup:
            report.problems.append(
                Problem(
                    line, code_col, code or "", f"{code} {year_text} appears twice; row rejected"
                )
            )
    report.rows_rejected = int(rejected.sum())
    report.rows_imported = report.rows_read - report.rows_rejected
    kept = pl.concat([frame.select("area_code", "year"), counts], how="horizontal").filter(
        ~rejected
    )
    parsed = {c: AGE_COLUMN.match(c) for c in ages}
    sex_of = {c: SEX[m.group(1)] for c, m in parsed.items() if m}
    age_of = {c: int(m.group(2)) for c, m in parsed.items() if m}
    oldest = max(age_of.values())
    long = (
        kept.unpivot(
            index=["area_code", "year"], on=ages, variable_name="column", value_name="population"
        )
        .with_columns(
            # Look the 172–202 column names up once instead of parsing 2.5 M strings.
            pl.col("column").replace_strict(sex_of, return_dtype=pl.String).alias("sex"),
            pl.col("column").replace_strict(age_of, return_dtype=pl.Int16).alias("age"),
        )
        .with_columns((pl.col("age") == oldest).alias("open_age_group"))
        .select(
            pl.lit(SOURCE).alias("source"),
            pl.lit(level).alias("level"),
            "area_code",
            "year",
            "sex",
            "age",
            "open_age_group",
            "population",
        )
    )
    years = kept["year"].to_list()
    vintage = vintage_label(years)
    table = long.with_columns(pl.lit(vintage).alias("vintage")).to_arrow()
    report.details.update(
        level=level,
        vintage=vintage,
        facts=table.num_rows,
        years=sorted(set(years)),
        oldest_age=f"{oldest}+",
    )
    return finish(
        report,
        warehouse,
        Parts(
            {"population": (table, ("level", "vintage"))},
            part=f"{level}|{vintage}",
            path=path,
        ),
        dry_run=dry_run,
    )


def vintage_label(years: list[int]) -> str:
    """DANE's CNPV-2018 based series, named by the last year the file covers."""
    return f"CNPV2018-{max(years)}" if years else "CNPV2018"
