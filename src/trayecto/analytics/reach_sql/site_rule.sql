-- People reached, rule max_site (docs/methodology/reach.md): for each site x population group x
-- sex x age cell, the largest single line cell across activities, partners and months, then the
-- sum over sites and cells. Sites are keyed within the municipality; lines naming no site form
-- one site per municipality (site = ''). Reference: domain.five_w.reach_by_area.
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


, cell as (
  select department, municipality, site, population_group, sex, age, max(new) as reached
  from lines group by all
)
select 
  case $level when 'nation' then 'CO' when 'department' then department
    else municipality end as area_code,
  case when $by_group then population_group else '' end as population_group,
  case when $by_sex then sex else '' end as sex,
  case when $by_age then age else '' end as age
, sum(reached)::bigint as value
from cell group by all order by all
