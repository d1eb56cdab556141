-- OCHA's education PiN and severity per municipality of one territory ($department: a
-- two-digit code, or '' for the nation), from the HNO cycle of $year or, when none was
-- imported for that year, the latest cycle before it (else the earliest one).
with cycle as (
    select coalesce(max(plan_year) filter (where plan_year <= $year), min(plan_year)) as plan_year
    from jiaf_hno
)
select municipality_code as code, municipality_name as name, pin_education,
       severity_education, plan_year, vintage, source
from jiaf_hno
join cycle using (plan_year)
where $department = '' or starts_with(municipality_code, $department)
order by municipality_code
