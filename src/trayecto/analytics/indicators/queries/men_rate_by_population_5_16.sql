-- A rate MEN publishes per municipality over the population aged 5–16 (MEN's own
-- POBLACIÓN_5_16). The value is MEN's (observed); the numerator is reconstructed as
-- rate × population / 100 (computed) so that higher levels can be re-aggregated.
-- Latest vintage of each cell.
with rate as (
    select area_code, year, value, source, vintage
    from official_indicator
    where level = 'municipality' and indicator_code = $indicator
    qualify row_number() over (partition by area_code, year order by vintage desc) = 1
),
listed as (
    -- every municipality MEN lists in a year the indicator has data for, so that an
    -- aggregate knows how many of its municipalities lack a value
    select distinct area_code, year
    from official_population_5_16
    where level = 'municipality' and year in (select year from rate)
),
pop as (
    select area_code, year, population
    from official_population_5_16
    where level = 'municipality'
    qualify row_number() over (partition by area_code, year order by vintage desc) = 1
)
select
    'municipality' as level,
    l.area_code,
    l.year,
    null::varchar as sex,
    r.value * p.population / 100 as numerator,
    p.population::double as denominator,
    r.value,
    case when r.value is null then 'missing' else 'observed' end as status,
    'published by MEN; numerator = rate × POBLACIÓN_5_16 / 100 (computed)' as method,
    r.source,
    r.vintage
from listed l
left join rate r using (area_code, year)
left join pop p using (area_code, year)
