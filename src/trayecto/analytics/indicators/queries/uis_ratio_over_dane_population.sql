-- A UIS enrolment ratio over DANE's single-age population of the official ages
-- $age_min–$age_max (CNPV-2018 projection, every year). With $complement the value is
-- 100 − the ratio (out-of-school rate = 100 − adjusted net enrolment rate): numerator =
-- population − enrolled.
-- Ages 5–16 (the totals): enrolment = MEN's published rate × MEN's own POBLACIÓN_5_16 / 100
-- (exact), over DANE's 5–16 population: differs from MEN where the two series differ.
-- A level (transición 5, primaria 6–10, secundaria 11–14, media 15–16, UIS's official
-- ages and MEN's theoretical ages alike): MEN publishes neither the level's enrolment nor
-- the population it divided by, so the enrolment can only be rebuilt with DANE's
-- population, and the ratio IS MEN's published rate. It is returned as such (observed),
-- not presented as a different computation (docs/methodology/indicators.md §8).
with rate as (
    select area_code, year, value, source, vintage
    from official_indicator
    where level = 'municipality' and indicator_code = $indicator
    qualify row_number() over (partition by area_code, year order by vintage desc) = 1
),
dane as (
    select area_code, year, sum(population)::double as population, any_value(vintage) as dane_vintage
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
enrolled as (
    select r.area_code, r.year, r.source, r.vintage, r.value as rate_value,
           r.value * (case when $age_min = 5 and $age_max = 16 then m.population
                           else d.population end) / 100 as enrolled,
           d.population, d.dane_vintage
    from rate r
    join dane d using (area_code, year)
    left join men m using (area_code, year)
)
select
    'municipality' as level,
    area_code,
    year,
    null::varchar as sex,
    case when $complement then population - enrolled else enrolled end as numerator,
    population as denominator,
    case when $age_min = 5 and $age_max = 16
         then case when $complement then population - enrolled else enrolled end
              / nullif(population, 0) * 100
         else rate_value end as value,
    case when $age_min = 5 and $age_max = 16 then 'computed' else 'observed' end as status,
    case when $age_min = 5 and $age_max = 16
         then 'enrolment = MEN ' || $indicator || ' × MEN POBLACIÓN_5_16 / 100; '
              || 'denominator = DANE population aged 5–16'
              || case when $complement then '; value = 100 − ratio' else '' end
         else 'MEN ' || $indicator || ' as published: the level''s enrolment can only be '
              || 'rebuilt as rate × DANE population aged ' || $age_min || '–' || $age_max
              || ' / 100, so the UIS ratio over that population is MEN''s rate' end as method,
    source || ', dane-proyecciones' as source,
    vintage || ', ' || dane_vintage as vintage
from enrolled
where enrolled is not null
