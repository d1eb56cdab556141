-- What every school-level rate shares, written once (analytics/sede_indicators.py): the
-- indicator's measures per sede, year, sex and source (from sede_pass.sql, the sources
-- with rows for it); one source per sede-year, chosen on these small grouped rows (real
-- before synthetic, then by name); the family's `-- [values]` turns them into a numerator
-- and a denominator per area of its `-- [level]` (the sede unless it says otherwise) and
-- sex (CTEs ending in `measured`); both sexes together (sex null); value = numerator /
-- denominator × 100, and the method says SYNTHETIC when the data are.
with grouped as (
    select sede_code, year, sex, source, vintage, is_synthetic, {columns}
    from sede_grouped
    where {rows} > 0
),
per_sex as (
    select *
    from grouped
    qualify dense_rank() over (partition by sede_code, year order by is_synthetic, source) = 1
),
{values},
both_sexes as (
    select area_code, year, null::varchar as sex, sum(numerator) as numerator,
           sum(denominator) as denominator, any_value(source) as source,
           any_value(vintage) as vintage, bool_or(is_synthetic) as is_synthetic
    from measured
    group by all
),
every_sex as (
    select area_code, year, sex, numerator, denominator, source, vintage, is_synthetic
    from measured
    union all
    select area_code, year, sex, numerator, denominator, source, vintage, is_synthetic
    from both_sexes
)
select
    '{level}' as level,
    area_code,
    year,
    sex,
    numerator,
    denominator,
    numerator / nullif(denominator, 0) * 100 as value,
    'computed' as status,
    {method}
        || case when is_synthetic then ' — SYNTHETIC sede data, not real' else '' end
        as method,
    source,
    vintage
from every_sex
where numerator is not null
