-- People reached, rule sum_new: every new beneficiary of every counted line (an upper bound).
-- An empty list parameter selects everything (len(x) = 0).
with lines as (
  select * from five_w_line
  where month between $month_from and $month_to
    and list_contains($statuses::varchar[], status)
    and (len($departments::varchar[]) = 0 or list_contains($departments::varchar[], department))
    and (len($municipalities::varchar[]) = 0
         or list_contains($municipalities::varchar[], municipality))
    and (len($orgs::varchar[]) = 0 or list_contains($orgs::varchar[], org))
    and (len($activities::varchar[]) = 0 or list_contains($activities::varchar[], activity))
    and (len($groups::varchar[]) = 0 or list_contains($groups::varchar[], population_group))
    and (len($sexes::varchar[]) = 0 or list_contains($sexes::varchar[], sex))
    and (len($ages::varchar[]) = 0 or list_contains($ages::varchar[], age))
)

select 
  case $level when 'nation' then 'CO' when 'department' then department
    else municipality end as area_code,
  case when $by_group then population_group else '' end as population_group,
  case when $by_sex then sex else '' end as sex,
  case when $by_age then age else '' end as age
, sum(new)::bigint as value
from lines group by all order by all
