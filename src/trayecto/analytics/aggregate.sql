-- Re-aggregate an indicator's base rows (municipality or sede) to $level.
-- Numerators and denominators are summed, never rates averaged. A unit counts only
-- when it has both (for counts, only the numerator); `units` says how many had a value.
-- A sede belongs to the municipality its `sede` row names (else digits 2–6 of its code); a municipality to the
-- ETC MEN assigns it that year (`etc_map`, from the shared table municipality_etc) (or the nearest earlier year, else the first known),
-- and to the department of its first two digits.
with base as (
    -- A sede's municipality comes from the sede table when it says (Nuevo Belén de
    -- Bajirá sedes carry 27615 in their code but are in 27493), else from its code.
    select indicator_base.*,
           coalesce(
               sede_map.municipality_code,
               -- digits 2–6 of a 12-digit sede code; a municipality code is itself
               case when length(area_code) = 12 then substr(area_code, 2, 5)
                    else substr(area_code, 1, 5) end
           ) as municipality_code
    from indicator_base
    left join sede_map on sede_map.sede_code = indicator_base.area_code
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
    sum(numerator) filter (where numerator is not null
                           and ($is_count or denominator is not null)) as numerator,
    sum(denominator) filter (where numerator is not null and denominator is not null)
        as denominator,
    count(*) as units,
    count(*) filter (where numerator is not null
                     and ($is_count or denominator is not null)) as units_with_value,
    string_agg(distinct source, ', ' order by source) as source,
    string_agg(distinct vintage, ', ' order by vintage) as vintage,
    bool_or(status = 'estimated') as any_estimated,
    string_agg(distinct method, ' | ') filter (where method is not null) as base_method
from placed
where target_code is not null
group by all
order by area_code, year
