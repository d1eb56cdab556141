-- Venezuelan migrants living in the municipality (Migración Colombia), the last cut-off
-- of each year (August 2021, October 2022); the cut-off date is in the method.
select
    'municipality' as level,
    municipality_code as area_code,
    year,
    null::varchar as sex,
    migrants::double as numerator,
    null::double as denominator,
    migrants::double as value,
    'observed' as status,
    'Migración Colombia count at ' || strftime(cutoff, '%Y-%m-%d') as method,
    source,
    vintage
from venezuelan_migrants
qualify row_number() over (partition by municipality_code, year order by cutoff desc) = 1
