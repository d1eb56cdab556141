-- OCHA's education severity phase per municipality (JIAF table of the HNO). Above the
-- municipality it is the mean weighted by OCHA's own population (numerator severity ×
-- population over the population), never a plain average of phases.
select
    'municipality' as level,
    municipality_code as area_code,
    plan_year as year,
    null::varchar as sex,
    severity_education * population as numerator,
    population as denominator,
    severity_education as value,
    'observed' as status,
    'OCHA JIAF education severity phase, ' || vintage as method,
    source,
    vintage
from jiaf_hno
