-- Venezuelan migrants per 1,000 inhabitants: the last cut-off of each year over the DANE
-- total population the same file gives for that year (computed, unrounded; the file's
-- published rates are these rounded, which the import checks).
select
    'municipality' as level,
    municipality_code as area_code,
    year,
    null::varchar as sex,
    migrants::double as numerator,
    total_population::double as denominator,
    migrants / nullif(total_population, 0) * 1000 as value,
    'computed' as status,
    'migrants at ' || strftime(cutoff, '%Y-%m-%d') || ' / DANE total population '
        || year || ' × 1000' as method,
    source,
    vintage
from venezuelan_migrants
qualify row_number() over (partition by municipality_code, year order by cutoff desc) = 1
