-- People reached, rule max_site (docs/methodology/reach.md): for each site x population group x
-- sex x age cell, the largest single line cell across activities, partners and months, then the
-- sum over sites and cells. Sites are keyed within the municipality; lines naming no site form
-- one site per municipality (site = ''). Reference: domain.five_w.reach_by_area.
-- Between lines.sql (the counted lines) and by_area.sql (the sum per area).
, cell as (
  select department, municipality, site, population_group, sex, age, max(new) as reached
  from lines group by all
)
