-- uis_grade_counts: the aggregates UIS's reconstructed cohort starts from, made from the
-- student rows (docs/methodology/trajectory.md, "Cohorte reconstruida de la UIS"): one row
-- per student of a regular grade (0–11) in $year or $year + 1, at the places of its own row
-- of that year (as enrolment statistics count it), flagged `enrolled` (in $year),
-- `enrolled_next` (in $year + 1) and `repeater_next` (in $year + 1 in the same grade as in
-- $year, along `links_next`).
select
    s.sede_code, s.municipality_code, s.etc_code, s.department_code, s.nation_code, s.grade,
    (s.year = $year)::integer as enrolled,
    (s.year = $year + 1)::integer as enrolled_next,
    coalesce(s.year = $year + 1 and p.grade = s.grade, false)::integer as repeater_next
from student_year s
left join links_next l on s.year = $year + 1 and l.right_id = s.student_id
left join student_year p on p.year = $year and p.student_id = l.left_id
where s.grade between 0 and 11 and s.year in ($year, $year + 1)
