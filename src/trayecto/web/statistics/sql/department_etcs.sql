-- The ETCs that run the schools of a department's municipalities (latest year of each).
with latest as (
    select municipality_code, arg_max(etc_code, year) as etc_code,
           arg_max(etc_name, year) as etc_name, max(year) as etc_year
    from municipality_etc group by municipality_code
)
select latest.etc_code as code, any_value(latest.etc_name) as name,
       max(latest.etc_year) as year, count(*) as municipalities
from municipality m join latest on latest.municipality_code = m.code
where m.department_code = $code
group by latest.etc_code
order by name
