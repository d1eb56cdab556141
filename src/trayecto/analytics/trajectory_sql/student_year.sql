-- student_year: one row per student and year, the row that counts (docs/methodology/
-- trajectory.md): the last row of the student that is not TRASLADADO (the last row when all
-- are), so a student with several rows counts once, at that row's sede, its origin for the
-- year; exact duplicate rows count once. Places: the sede's municipality as the `sede` table
-- states it (`sede_place`), else digits 2–6 of its code; the ETC of that municipality
-- (`etc_of`, latest year); the department from the municipality code. Years $first to $last
-- only (t−1 to t+1).
-- Nearly every student has one row a year: only those with several (`several`, found by a
-- count) go through the window that picks the row, which would otherwise sort every row of
-- both years by their pseudonym (three quarters of the cost; benchmarks/trajectory.py).
create or replace temp table student_year as
with enrolment as (
    select
        year, student_id, link_id, sede_code, grade, sex, nationality, result, status, zone,
        birth_year, birth_month, document_type, row_order
    from student_enrolment
    where year between $first and $last
),
several as (
    select year, student_id from enrolment group by year, student_id having count(*) > 1
),
picked as (
    select
        year, student_id, link_id, sede_code, grade, sex, nationality, result, status, zone,
        birth_year, birth_month, document_type,
        -- a TRASLADADO row of the same student that year: it changed sede within the year
        status = 'trasladado' as transferred
    from enrolment anti join several using (year, student_id)
    union all
    select
        year, student_id, link_id, sede_code, grade, sex, nationality, result, status, zone,
        birth_year, birth_month, document_type, transfers > 0 as transferred
    from (
        select
            *,
            count(*) filter (where status = 'trasladado')
                over (partition by year, student_id) as transfers
        from enrolment semi join several using (year, student_id)
        qualify row_number() over (
            partition by year, student_id
            order by (status <> 'trasladado') desc, row_order desc, sede_code desc
        ) = 1
    )
)
select
    s.year, s.student_id, s.link_id, s.sede_code, s.grade, s.sex, s.nationality, s.result,
    s.status, s.zone, s.birth_year, s.birth_month, s.document_type, s.transferred,
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
from picked s
left join sede_place p on p.sede_code = s.sede_code
left join etc_of e on e.municipality_code = coalesce(p.municipality_code, substr(s.sede_code, 2, 5))
