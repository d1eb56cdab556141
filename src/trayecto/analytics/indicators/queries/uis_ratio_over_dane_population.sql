-- A UIS enrolment ratio: enrolment (reconstructed from MEN's published rate × MEN's own
-- denominator / 100) over DANE's single-age population of the official ages
-- $age_min–$age_max, both from the same CNPV-2018 projection for every year. With
-- $complement the value is 100 − the ratio (out-of-school rate = 100 − adjusted net
-- enrolment rate): numerator = population − enrolled. All values computed.
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
    select r.area_code, r.year, r.source, r.vintage,
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
    case when $complement then population - enrolled else enrolled end
        / nullif(population, 0) * 100 as value,
    'computed' as status,
    'enrolment = MEN ' || $indicator || ' × MEN denominator / 100; denominator = DANE '
        || 'population aged ' || $age_min || '–' || $age_max
        || case when $complement then '; value = 100 − ratio' else '' end as method,
    source || ', dane-proyecciones' as source,
    vintage || ', ' || dane_vintage as vintage
from enrolled
where enrolled is not null
