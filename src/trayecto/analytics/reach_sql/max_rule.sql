-- People reached, rules max_activity_then_sum_municipality and max_department
-- (docs/methodology/reach.md): new people summed over months per service (partner x activity)
-- in each area (municipality or department) and population group x sex x age cell, the maximum
-- across services, then the sum over areas and cells. Reference: domain.five_w.reach_by_area.
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

-- A service is one partner's activity: under max_department it is summed over all the
-- department's municipalities (municipality blanked), otherwise kept per municipality.
, service as (
  select department,
         case when $max_by_department then '' else municipality end as municipality,
         population_group, sex, age, org, activity, sum(new) as new
  from lines group by all
), cell as (
  select department, municipality, population_group, sex, age, max(new) as reached
  from service group by all
)
select 
  case $level when 'nation' then 'CO' when 'department' then department
    else municipality end as area_code,
  case when $by_group then population_group else '' end as population_group,
  case when $by_sex then sex else '' end as sex,
  case when $by_age then age else '' end as age
, sum(reached)::bigint as value
from cell group by all order by all
