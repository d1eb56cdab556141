-- The tail of every rule: the people of the rule's `cell` (department, municipality,
-- population group, sex, age, reached) summed per area of the level asked, broken down or not.
select
  case $level when 'nation' then 'CO' when 'department' then department
    else municipality end as area_code,
  case when $by_group then population_group else '' end as population_group,
  case when $by_sex then sex else '' end as sex,
  case when $by_age then age else '' end as age,
  sum(reached)::bigint as value
from cell group by all order by all
