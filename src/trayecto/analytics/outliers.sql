-- Outliers by modified z-score (Iglewicz & Hoaglin) of the year-on-year change of each
-- area's value: M = 0.6745 × (change − median change) / MAD, over every area's change
-- between the same two years; |M| > $threshold is flagged.
with changes as (
    select area_code, year, value,
           value - lag(value) over (partition by area_code order by year) as change,
           year - lag(year) over (partition by area_code order by year) as gap
    from indicator_base
    where sex is null and value is not null
),
stats as (
    select year, median(change) as med, median(abs(change - m.med_all)) as mad
    from changes
    join (select year, median(change) as med_all from changes where gap = 1 group by year) m
        using (year)
    where gap = 1
    group by year
)
select c.area_code, c.year, c.value, c.change,
       0.6745 * (c.change - s.med) / s.mad as modified_z
from changes c
join stats s using (year)
where c.gap = 1 and s.mad > 0 and abs(0.6745 * (c.change - s.med) / s.mad) > $threshold
order by abs(0.6745 * (c.change - s.med) / s.mad) desc
