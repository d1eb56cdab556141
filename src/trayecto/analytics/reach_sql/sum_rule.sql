-- People reached, rule sum_new: every new beneficiary of every counted line (an upper bound).
-- Between lines.sql (the counted lines) and by_area.sql (the sum per area).
, cell as (
  select department, municipality, population_group, sex, age, new as reached from lines
)
