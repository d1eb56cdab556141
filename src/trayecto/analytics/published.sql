-- Figures MEN publishes itself at $level for $indicator (latest vintage of each cell),
-- shown beside the re-aggregated value with the difference.
select area_code, year, value, source, vintage
from official_indicator
where level = $level and indicator_code = $indicator
qualify row_number() over (partition by area_code, year order by vintage desc) = 1
