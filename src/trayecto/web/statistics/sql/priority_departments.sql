-- The priority departments with their number of municipalities and of ETCs (latest year).
with latest as (
    select municipality_code, arg_max(etc_code, year) as etc_code
    from municipality_etc group by municipality_code
)
select d.code, d.name, d.pcode,
       count(m.code) as municipalities,
       count(distinct latest.etc_code) as etcs
from department d
left join municipality m on m.department_code = d.code
left join latest on latest.municipality_code = m.code
where d.code in (select unnest($codes))
group by all
