-- student_year: one row per student and year, the row that counts (docs/methodology/
-- trajectory.md): the last row of the student that is not TRASLADADO (the last row when all
-- are), so a student with several rows counts once, at that row's sede, its origin for the
-- year; exact duplicate rows count once. Places: the sede's municipality as the `sede` table
-- states it (`sede_place`), else digits 2–6 of its code; the ETC of that municipality
-- (`etc_of`, latest year); the department from the municipality code. Years $first to $last
-- only (t−1 to t+1).
create or replace temp table student_year as
select
    s.year, s.student_id, s.link_id, s.sede_code, s.grade, s.sex, s.nationality, s.result,
    s.status, s.zone, s.birth_year, s.birth_month, s.document_type,
    -- a TRASLADADO row of the same student that year: it changed sede within the year
    count(*) filter (where s.status = 'trasladado')
        over (partition by s.year, s.student_id) > 0 as transferred,
    coalesce(p.municipality_code, substr(s.sede_code, 2, 5)) as municipality_code,
    coalesce(p.etc_code, e.etc_code) as etc_code,
    substr(coalesce(p.municipality_code, substr(s.sede_code, 2, 5)), 1, 2) as department_code,
    $nation as nation_code,
    case
        when s.grade = 0 then 'transicion'
        when s.grade between 1 and 5 then 'primaria'
        when s.grade between 6 and 9 then 'secundaria'
        when s.grade between 10 and 11 then 'media'
    end as level
from student_enrolment s
left join sede_place p on p.sede_code = s.sede_code
left join etc_of e on e.municipality_code = coalesce(p.municipality_code, substr(s.sede_code, 2, 5))
where s.year between $first and $last
qualify row_number() over (
    partition by s.year, s.student_id
    order by (s.status <> 'trasladado') desc, s.row_order desc, s.sede_code desc
) = 1
