-- People reached, rules max_activity_then_sum_municipality and max_department
-- (docs/methodology/reach.md): new people summed over months per service (partner x activity)
-- in each area (municipality or department) and population group x sex x age cell, the maximum
-- across services, then the sum over areas and cells. Reference: domain.five_w.reach_by_area.
-- Between lines.sql (the counted lines) and by_area.sql (the sum per area).
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
