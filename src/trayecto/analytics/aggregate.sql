-- Re-aggregate an indicator to $level from its units folded by municipality
-- (aggregate_units.sql): numerators and denominators are summed, never rates averaged;
-- `units` says how many base units (sedes or municipalities) there were, `units_with_value`
-- how many had a value. A municipality belongs to the ETC MEN assigns it that year
-- (`etc_map`, from the shared table municipality_etc) (or the nearest earlier year, else
-- the first known), and to the department of its first two digits.
with base as (
    select *
    from indicator_units
    where ($year is null or year = $year)
      and (sex is not distinct from $sex)
),
etc_by_year as (
    select b.municipality_code, b.year,
           coalesce(
               arg_max(m.etc_code, m.year) filter (where m.year <= b.year),
               arg_min(m.etc_code, m.year)
           ) as etc_code
    from (select distinct municipality_code, year from base) b
    left join etc_map m on m.municipality_code = b.municipality_code
    where $level = 'etc'
    group by all
),
placed as (
    select base.*,
           case $level
               when 'nation' then 'CO'
               when 'department' then substr(base.municipality_code, 1, 2)
               when 'etc' then e.etc_code
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
    string_agg(distinct method, ' | ' order by method) filter (where method is not null)
        as base_method
from placed
where target_code is not null
group by all
order by area_code, year
