-- OCHA's education people in need per municipality (JIAF table of the HNO), as published:
-- a count, summed up the hierarchy (aggregation "sum").
select
    'municipality' as level,
    municipality_code as area_code,
    plan_year as year,
    null::varchar as sex,
    pin_education as numerator,
    null::double as denominator,
    pin_education as value,
    'observed' as status,
    'OCHA JIAF education PiN, ' || vintage as method,
    source,
    vintage
from jiaf_hno
