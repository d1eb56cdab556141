-- by_area: the transitions and the returns counted by `area_code` (and `breakdown`). It goes
-- on from a WITH that analytics/trajectory.py writes: `transition_rows` and `returned_rows`,
-- filtered and given those two columns. enrolled = promoted + repeated + dropped_out +
-- graduated.
counted as (
    select
        area_code, breakdown,
        count(*) as enrolled,
        count(*) filter (where outcome = 'promoted') as promoted,
        count(*) filter (where outcome = 'repeated') as repeated,
        count(*) filter (where outcome = 'dropped_out') as dropped_out,
        count(*) filter (where outcome = 'graduated') as graduated,
        count(*) filter (where changed_sede) as changed_sede,
        count(*) filter (where changed_municipality) as changed_municipality
    from transition_rows
    group by all
),
came_back as (
    select area_code, breakdown, count(*) as returned from returned_rows group by all
)
select
    area_code, breakdown,
    coalesce(enrolled, 0) as enrolled,
    coalesce(promoted, 0) as promoted,
    coalesce(repeated, 0) as repeated,
    coalesce(dropped_out, 0) as dropped_out,
    coalesce(graduated, 0) as graduated,
    coalesce(changed_sede, 0) as changed_sede,
    coalesce(changed_municipality, 0) as changed_municipality,
    coalesce(returned, 0) as returned
from counted full join came_back using (area_code, breakdown)
order by area_code, breakdown
