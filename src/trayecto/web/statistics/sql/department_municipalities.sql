-- Every municipality of a department, with its boundary area and the ETC of the latest year.
with latest as (
    select municipality_code, arg_max(etc_code, year) as etc_code,
           arg_max(etc_name, year) as etc_name, max(year) as etc_year
    from municipality_etc group by municipality_code
)
select m.code, m.name, m.type, m.status, m.pcode, b.area_km2,
       latest.etc_code, latest.etc_name, latest.etc_year
from municipality m
left join municipality_boundary b on b.code = m.code
left join latest on latest.municipality_code = m.code
where m.department_code = $code
order by m.code
