-- Partner presence (3W): which organisations reported activities in each municipality, over
-- the counted lines of the filters (after lines.sql, so the same states and scope as reach).
select department, municipality, count(distinct org) as partners,
       string_agg(distinct org, ', ' order by org) as organizations,
       count(distinct activity) as activities
from lines
group by all
order by department, municipality
