-- Municipal polygons of the given departments with names and the ETC of the latest year.
with latest as (
    select municipality_code, arg_max(etc_code, year) as etc_code,
           arg_max(etc_name, year) as etc_name, max(year) as etc_year
    from municipality_etc group by municipality_code
)
select b.code, coalesce(m.name, b.name) as name, b.department_code,
       coalesce(m.department_name, d.name) as department_name,
       latest.etc_code, latest.etc_name, latest.etc_year, b.geometry
from municipality_boundary b
left join municipality m on m.code = b.code
left join department d on d.code = b.department_code
left join latest on latest.municipality_code = b.code
where b.department_code in (select unnest($codes))
order by b.code
