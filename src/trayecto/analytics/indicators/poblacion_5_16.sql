-- Population aged 5–16, both sexes: MEN's POBLACIÓN_5_16 as published (observed, latest
-- vintage). It needs MEN's files only; the breakdown by sex is poblacion_5_16_sex.sql.
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
