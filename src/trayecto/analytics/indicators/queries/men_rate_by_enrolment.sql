-- A school-flow rate MEN publishes per municipality (dropout, approval, failure,
-- repetition). Its denominator is enrolment, which MEN does not publish by municipality:
-- it is estimated as gross coverage ($gross) × population of the level's ages / 100
-- (MEN's POBLACIÓN_5_16 for the total, DANE single ages for a level). The value stays
-- MEN's (observed); numerator and denominator are computed, so higher levels are
-- enrolment-weighted and never simple averages. Latest vintage of each cell.
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
gross as (
    select area_code, year, value as gross
    from official_indicator
    where level = 'municipality' and indicator_code = $gross
    qualify row_number() over (partition by area_code, year order by vintage desc) = 1
),
dane as (
    select area_code, year, sum(population)::double as population
    from population
    where level = 'municipality' and age between $age_min and $age_max
    group by all
),
men as (
    select area_code, year, population::double as population
    from official_population_5_16
    where level = 'municipality'
    qualify row_number() over (partition by area_code, year order by vintage desc) = 1
),
pop as (
    select area_code, year,
           case when $age_min = 5 and $age_max = 16
                then coalesce(men.population, dane.population)
                else dane.population end as population
    from men full join dane using (area_code, year)
),
enrolment as (
    select area_code, year, gross * population / 100 as enrolled
    from gross join pop using (area_code, year)
)
select
    'municipality' as level,
    l.area_code,
    l.year,
    null::varchar as sex,
    r.value * e.enrolled / 100 as numerator,
    e.enrolled as denominator,
    r.value,
    case when r.value is null then 'missing' else 'observed' end as status,
    'published by MEN; weight = enrolment estimated as ' || $gross
        || ' × population aged ' || $age_min || '–' || $age_max
        || ' / 100; numerator = rate × weight / 100 (computed)' as method,
    r.source,
    r.vintage
from listed l
left join rate r using (area_code, year)
left join enrolment e using (area_code, year)
