-- Population aged 5–16 by sex (f, m): the sum of DANE's single ages 5–16 (computed), which
-- equals MEN's both-sexes figure exactly in 2018, 2019 and 2022. Needs DANE's projections
-- only (the total, poblacion_5_16.sql, needs MEN's files only).
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
