-- Partner presence (3W): which organisations reported activities in each municipality,
-- over the counted lines of the plan year up to the period.
select department, municipality, count(distinct org) as partners,
       string_agg(distinct org, ', ' order by org) as organizations,
       count(distinct activity) as activities
from five_w_line
where month between $month_from and $month_to
  and list_contains($statuses::varchar[], status)
  and (len($departments::varchar[]) = 0 or list_contains($departments::varchar[], department))
group by all
order by department, municipality
