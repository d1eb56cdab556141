-- Municipality-years where approval + failure + dropout is not ≈ 100 for the level of
-- $suffix ('' for the total, '_primaria' …), latest vintage of each cell.
with cells as (
    select area_code, year, indicator_code, value
    from official_indicator
    where level = 'municipality'
      and indicator_code in ('aprobacion' || $suffix, 'reprobacion' || $suffix,
                             'desercion' || $suffix)
    qualify row_number() over (partition by area_code, year, indicator_code
                               order by vintage desc) = 1
)
select area_code, year,
       sum(value) as total,
       count(*) as parts
from cells
group by all
having count(*) = 3 and abs(sum(value) - 100) > $tolerance
order by year, area_code
