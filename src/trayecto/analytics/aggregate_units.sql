-- First step of every re-aggregation: an indicator's base rows (sede or municipality)
-- folded into one row per municipality × year × sex × (source, vintage, method, status).
-- Sums are exact sufficient statistics for aggregate.sql: summing these partial sums gives
-- the same numerators, denominators and unit counts as summing the base rows themselves,
-- so a national school-level table (hundreds of thousands of sede rows) is read once per
-- indicator instead of once per level, sex and year asked.
-- A unit counts only when it has both parts (for counts, only the numerator).
-- A sede belongs to the municipality its `sede` row names (else digits 2–6 of its code):
-- Nuevo Belén de Bajirá sedes carry 27615 in their code but are in 27493. Its ETC is the
-- one the `sede` row names (`etc_code`, null for municipality-based indicators).
select
    coalesce(
        sede_map.municipality_code,
        -- digits 2–6 of a 12-digit sede code; a municipality code is itself
        case when length(area_code) = 12 then substr(area_code, 2, 5)
             else substr(area_code, 1, 5) end
    ) as municipality_code,
    sede_map.etc_code,
    year,
    sex,
    source,
    vintage,
    method,
    status = 'estimated' as is_estimated,
    sum(numerator) filter (where numerator is not null
                           and ($is_count or denominator is not null)) as numerator,
    sum(denominator) filter (where numerator is not null and denominator is not null)
        as denominator,
    count(*) as units,
    count(*) filter (where numerator is not null
                     and ($is_count or denominator is not null)) as units_with_value
from indicator_base
left join sede_map on sede_map.sede_code = indicator_base.area_code
group by all
