-- Enrolment by municipality, age band, sex and group (Venezuelan nationality = migrant,
-- the rest host) from the sedes' enrolment, for the latest year up to $year; ages 5 to 16.
with chosen as (
    select max(year) as year from sede_enrolment where year <= $year
),
located as (
    select sede_code, arg_max(municipality_code, year) as code from sede group by sede_code
)
select l.code, e.year,
       case when e.age = 5 then '5' when e.age <= 10 then '6–10'
            when e.age <= 14 then '11–14' else '15–16' end as band,
       e.sex,
       case when e.nationality = 'VEN' then 'migrant' else 'host' end as grp,
       sum(e.enrolled)::double as enrolled,
       bool_or(e.is_synthetic) as is_synthetic
from sede_enrolment e
join located l using (sede_code)
where e.year = (select year from chosen) and e.age between 5 and 16
  and l.code in (select unnest($codes::varchar[]))
group by all
order by l.code, band, e.sex, grp
