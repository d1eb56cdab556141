-- MEN's published population aged 5–16 at $level (latest vintage of each cell).
select area_code, year, population::double as value, source, vintage
from official_population_5_16
where level = $level
qualify row_number() over (partition by area_code, year order by vintage desc) = 1
