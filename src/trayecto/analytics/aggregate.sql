-- Re-aggregate an indicator to $level from its units folded by municipality
-- (aggregate_units.sql): numerators and denominators are summed, never rates averaged;
-- `units` says how many base units (sedes or municipalities) there were, `units_with_value`
-- how many had a value. A unit belongs to the ETC its source row names (`etc_code`, sede
-- data), else to the ETC MEN assigns its municipality that year (`etc_map`, from the shared
-- table municipality_etc; the nearest earlier year, else the first known), else to its
-- parent municipality's (`parent_map`: 27493 Nuevo Belén de Bajirá, which MEN does not list
-- yet, has Riosucio's); and to the department of its first two digits.
-- Units that no target takes are returned with a null area_code (with the municipalities
-- they lie in), so that the caller reports them: a roll-up never loses a unit silently.
with base as (
    select *
    from indicator_units
    where ($year is null or year = $year)
      and (sex is not distinct from $sex)
),
needed as (
    select distinct b.municipality_code, b.year, p.parent_code
    from base b
    left join parent_map p using (municipality_code)
    where $level = 'etc'
),
etc_own as (
    select n.municipality_code, n.year, n.parent_code,
           coalesce(
               arg_max(m.etc_code, m.year) filter (where m.year <= n.year),
               arg_min(m.etc_code, m.year)
           ) as etc_code
    from needed n
    left join etc_map m on m.municipality_code = n.municipality_code
    group by n.municipality_code, n.year, n.parent_code
),
etc_by_year as (
    -- equality joins only (an OR join would compare every pair): the parent's ETC is
    -- looked up for the few municipalities that have none of their own
    select o.municipality_code, o.year,
           coalesce(
               o.etc_code,
               arg_max(m.etc_code, m.year) filter (where m.year <= o.year),
               arg_min(m.etc_code, m.year)
           ) as etc_code
    from etc_own o
    left join etc_map m on o.etc_code is null and m.municipality_code = o.parent_code
    group by o.municipality_code, o.year, o.etc_code
),
placed as (
    select base.*,
           case $level
               when 'nation' then 'CO'
               when 'department' then substr(base.municipality_code, 1, 2)
               when 'etc' then coalesce(base.etc_code, e.etc_code)
               else base.municipality_code
           end as target_code
    from base
    left join etc_by_year e using (municipality_code, year)
)
select
    target_code as area_code,
    year,
    sex,
    sum(numerator) as numerator,
    sum(denominator) as denominator,
    sum(units)::bigint as units,
    sum(units_with_value)::bigint as units_with_value,
    string_agg(distinct source, ', ' order by source) as source,
    string_agg(distinct vintage, ', ' order by vintage) as vintage,
    bool_or(is_estimated) as any_estimated,
    -- (string_agg skips nulls: no filter, which Spark's listagg cannot take with distinct)
    string_agg(distinct method, ' | ' order by method)
        as base_method,
    list(distinct municipality_code order by municipality_code)
        filter (where target_code is null) as unplaced_municipalities
from placed
group by all
order by area_code nulls last, year
