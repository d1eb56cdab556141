-- The counted lines of the filters (analytics/reach.py ReachFilters; reference:
-- ReachFilters.selects): the head of every reach query, which goes on with `, cell as (...)`
-- or its own select. An empty list parameter selects everything (array_length(x) = 0;
-- not len(x), which Spark's dialect reads as a string's length).
with lines as (
  select * from five_w_line
  where month between $month_from and $month_to
    and list_contains($statuses::varchar[], status)
    and (array_length($departments::varchar[]) = 0
         or list_contains($departments::varchar[], department))
    and (array_length($municipalities::varchar[]) = 0
         or list_contains($municipalities::varchar[], municipality))
    and (array_length($orgs::varchar[]) = 0 or list_contains($orgs::varchar[], org))
    and (array_length($activities::varchar[]) = 0
         or list_contains($activities::varchar[], activity))
    and (array_length($groups::varchar[]) = 0
         or list_contains($groups::varchar[], population_group))
    and (array_length($sexes::varchar[]) = 0 or list_contains($sexes::varchar[], sex))
    and (array_length($ages::varchar[]) = 0 or list_contains($ages::varchar[], age))
)
