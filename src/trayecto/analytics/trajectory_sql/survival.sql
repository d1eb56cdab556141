-- survival: the highest regular grade (0–11) each student of the entry cohort was seen in,
-- following it year by year along the links of consecutive years (`chain`: cohort_id,
-- year, student_id, one row per year the student was followed). The cohort: every student
-- in grade $grade in year $year, at the places of its row of that year
-- (docs/methodology/trajectory.md, "Supervivencia de una cohorte").
select
    c.sede_code, c.municipality_code, c.etc_code, c.department_code, c.nation_code,
    c.student_id as cohort_id,
    max(s.grade) filter (where s.grade between 0 and 11) as highest_grade
from student_year c
join chain h on h.cohort_id = c.student_id
join student_year s on s.year = h.year and s.student_id = h.student_id
where c.year = $year and c.grade = $grade
group by all
