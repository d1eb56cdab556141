-- A coverage rate MEN publishes per municipality for one level (transición, primaria,
-- secundaria, media). MEN does not publish the population of each level's theoretical
-- ages, so the denominator is DANE's single-age projection for ages $age_min–$age_max
-- (both sexes): the same series MEN uses from 2018 on. The value stays MEN's (observed);
-- the numerator is rate × that population / 100 (computed). Latest vintage of each cell.
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
    select area_code, year, sum(population)::double as population
    from population
    where level = 'municipality' and age between $age_min and $age_max
    group by all
)
select
    'municipality' as level,
    l.area_code,
    l.year,
    null::varchar as sex,
    r.value * p.population / 100 as numerator,
    p.population as denominator,
    r.value,
    case when r.value is null then 'missing' else 'observed' end as status,
    'published by MEN; numerator = rate × DANE population aged '
        || $age_min || '–' || $age_max || ' / 100 (computed)' as method,
    r.source,
    r.vintage
from listed l
left join rate r using (area_code, year)
left join pop p using (area_code, year)
