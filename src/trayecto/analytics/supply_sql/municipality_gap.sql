-- Supply, demand and gap per municipality: the places of its sedes (sede_places.sql)
-- against the demand, DANE's population aged 5 to 16 of $year (nearest year when missing).
-- A municipality falls short when its places are fewer than its school-age children;
-- `shortfall` = demand − places (0 when places suffice), the figure the ranking sorts by.
with supply as (
    select municipality_code,
           count(distinct sede_code) as sedes,
           sum(enrolled)::bigint as enrolled,
           sum(venezuelan)::bigint as venezuelan,
           sum(places)::bigint as places,
           sum(short)::bigint as short,
           sum(spare)::bigint as spare,
           bool_or(is_synthetic) as is_synthetic
    from supply_places
    group by municipality_code
),
demand as (
    select area_code as municipality_code, year, vintage,
           sum(population)::double as population_5_16
    from population
    where level = 'municipality' and age between 5 and 16
    group by area_code, year, vintage
    qualify row_number() over (
        partition by area_code order by (year > $year), abs(year - $year), vintage desc
    ) = 1
)
select
    s.*,
    d.population_5_16 as demand,
    d.year as demand_year,
    d.vintage as demand_vintage,
    s.places - d.population_5_16 as gap,
    greatest(0, d.population_5_16 - s.places) as shortfall
from supply s
left join demand d using (municipality_code)
order by shortfall desc nulls last, municipality_code
