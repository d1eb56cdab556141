-- OCHA's education PiN and severity of the latest HNO cycle imported (jiaf-hno).
select municipality_code as code, municipality_name as name, pin_education,
       severity_education, plan_year
from jiaf_hno
where plan_year = (select max(plan_year) from jiaf_hno)
