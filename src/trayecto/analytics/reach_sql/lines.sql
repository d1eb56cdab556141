-- The counted lines of the filters (analytics/reach.py ReachFilters; reference:
-- ReachFilters.selects): the head of every reach query, which goes on with `, cell as (...)`
-- or its own select. An empty list parameter selects everything (len(x) = 0).
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
