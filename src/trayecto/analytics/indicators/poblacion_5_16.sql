-- Population aged 5–16. Both sexes: MEN's POBLACIÓN_5_16 as published (observed, latest
-- vintage). By sex (f, m): the sum of DANE's single ages 5–16 (computed), which equals
-- MEN's figure exactly in 2018, 2019 and 2022.
select
    'municipality' as level,
    area_code,
    year,
    null::varchar as sex,
    population::double as numerator,
    null::double as denominator,
    population::double as value,
    'observed' as status,
    'POBLACIÓN_5_16 as published by MEN' as method,
    source,
    vintage
from official_population_5_16
where level = 'municipality'
qualify row_number() over (partition by area_code, year order by vintage desc) = 1
union all
select
    'municipality' as level,
    area_code,
    year,
    sex,
    sum(population)::double as numerator,
    null::double as denominator,
    sum(population)::double as value,
    'computed' as status,
    'sum of DANE single ages 5–16' as method,
    any_value(source) as source,
    any_value(vintage) as vintage
from population
where level = 'municipality' and age between 5 and 16
group by all
