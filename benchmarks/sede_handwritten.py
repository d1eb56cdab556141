"""The limit: every school-level indicator at every level in one hand-written DuckDB query.

What a DuckDB user would write for benchmarks/sede_data.py's warehouse knowing its shape
(one source, no provenance, constants in the SQL): one scan of sede_enrolment_grade
summing the 18 distinct measures per sede × year × sex, the flow rates from the next year's
row, then every indicator at sede level for each sex and both sexes, summed up to
municipality, ETC, department and nation in one GROUPING SETS. Used only by
benchmarks/sede_recompute.py, which times it beside the registry on the same files.
"""

from __future__ import annotations

import duckdb

QUERY = """
with measures as (
    select sede_code, year, sex,
        sum(withdrawn) filter (where grade between 0 and 11) as withdrawn,
        sum(passed) filter (where grade between 0 and 11) as passed,
        sum(failed) filter (where grade between 0 and 11) as failed,
        sum(repeating) filter (where grade between 0 and 11) as repeating,
        sum(enrolled_withdrawn_reported) filter (where grade between 0 and 11) as e_withdrawn,
        sum(enrolled_passed_reported) filter (where grade between 0 and 11) as e_passed,
        sum(enrolled_failed_reported) filter (where grade between 0 and 11) as e_failed,
        sum(enrolled_repeating_reported) filter (where grade between 0 and 11) as e_repeating,
        sum(enrolled_age_ge_grade_8) filter (where grade between 0 and 11) as over_8,
        sum(enrolled) filter (where grade between 0 and 11) as enrolled_0_11,
        sum(enrolled_age_ge_grade_7) filter (where grade between 1 and 5) as over_7_p,
        sum(enrolled) filter (where grade between 1 and 5) as enrolled_p,
        sum(enrolled_age_ge_grade_7) filter (where grade between 6 and 9) as over_7_s,
        sum(enrolled) filter (where grade between 6 and 9) as enrolled_s,
        sum(enrolled_venezuelan) as venezuelan,
        sum(enrolled) as enrolled_all,
        sum(enrolled) filter (where grade between 0 and 10) as e_t,
        sum(enrolled - repeating) filter (where grade between 1 and 11) as promoted_into,
        sum(repeating) filter (where grade between 0 and 10) as repeated_in
    from sede_enrolment_grade
    group by all
),
flows as (
    select t.*, coalesce(n.promoted_into, 0) as promoted, coalesce(n.repeated_in, 0) as repeated
    from measures t
    join measures n on n.sede_code = t.sede_code and n.year = t.year + 1 and n.sex = t.sex
),
long as (
    select sede_code, year, sex, code, numerator, denominator
    from measures, (values
        ('desercion_sede'), ('aprobacion_sede'), ('reprobacion_sede'), ('repitencia_sede'),
        ('extraedad'), ('uis_extraedad_primaria'), ('uis_extraedad_secundaria'),
        ('estudiantes_venezolanos')) as c(code),
    lateral (select
        case code when 'desercion_sede' then withdrawn when 'aprobacion_sede' then passed
             when 'reprobacion_sede' then failed when 'repitencia_sede' then repeating
             when 'extraedad' then over_8 when 'uis_extraedad_primaria' then over_7_p
             when 'uis_extraedad_secundaria' then over_7_s else venezuelan end as numerator,
        case code when 'desercion_sede' then e_withdrawn when 'aprobacion_sede' then e_passed
             when 'reprobacion_sede' then e_failed when 'repitencia_sede' then e_repeating
             when 'extraedad' then enrolled_0_11 when 'uis_extraedad_primaria' then enrolled_p
             when 'uis_extraedad_secundaria' then enrolled_s else enrolled_all end
            as denominator)
    union all
    select sede_code, year, sex, code,
        case code when 'uis_tasa_promocion' then promoted when 'uis_tasa_repeticion' then repeated
             else e_t - promoted - repeated end as numerator,
        e_t as denominator
    from flows, (values ('uis_tasa_promocion'), ('uis_tasa_repeticion'), ('uis_tasa_abandono'))
        as c(code)
    union all
    select sede_code, year, null as sex, 'estudiantes_por_docente', enrolment, teachers
    from sede where teachers is not null
),
per_sede as (
    -- the sede level: each sex as computed, both sexes summed
    select code, sede_code, year, sex, numerator, denominator from long
    union all
    select code, sede_code, year, null, sum(numerator), sum(denominator)
    from long where sex is not null group by all
),
placed as (
    select l.*, s.municipality_code, m.etc_code, substr(s.municipality_code, 1, 2) as department
    from per_sede l
    join (select sede_code, any_value(municipality_code) as municipality_code
          from sede group by 1) s using (sede_code)
    left join municipality_etc m on m.municipality_code = s.municipality_code and m.year = l.year
)
select code, 'sede' as level, sede_code as area_code, year, sex, numerator, denominator,
       numerator / nullif(denominator, 0) as value
from per_sede
union all
select code,
       case when grouping(municipality_code) = 0 then 'municipality'
            when grouping(etc_code) = 0 then 'etc'
            when grouping(department) = 0 then 'department' else 'nation' end,
       coalesce(municipality_code, etc_code, department, 'CO'), year, sex,
       sum(numerator), sum(denominator), sum(numerator) / nullif(sum(denominator), 0)
from placed
group by grouping sets (
    (code, municipality_code, year, sex), (code, etc_code, year, sex),
    (code, department, year, sex), (code, year, sex)
)
"""


def recompute(con: duckdb.DuckDBPyConnection) -> int:
    """Every indicator at every level, both sexes and each sex; returns the rows computed."""
    return con.sql(QUERY).to_arrow_table().num_rows
