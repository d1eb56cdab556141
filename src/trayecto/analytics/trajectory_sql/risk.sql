-- risk: the early-warning conditions and points of every student of grades 0–11 in year
-- $year who did not just finish grade 11 (docs/methodology/trajectory.md; the points are
-- parameters from analytics/risk_weights.toml). Reads `student_year` and `back_links`
-- (students of $year − 1 linked to $year; empty when that year is not loaded).
create or replace temp table student_risk as
with now as (
    select * from student_year
    where year = $year and grade between 0 and 11 and not (grade = 11 and result = 'aprobado')
),
before as (select * from student_year where year = $year - 1),
last_year as (
    select l.right_id as student_id, b.grade as last_grade, b.sede_code as last_sede
    from back_links l join before b on b.student_id = l.left_id
),
-- the sede's own dropout from t−1 to t: its students of grades 0–11 in t−1, graduates apart,
-- not found in t
sede_dropout as (
    select
        sede_code,
        100.0 * count(*) filter (where student_id not in (select left_id from back_links))
            / count(*) as rate
    from before
    where grade between 0 and 11 and not (grade = 11 and result = 'aprobado')
    group by sede_code
),
flags as (
    select
        n.*,
        n.status = 'retirado' as withdrew,
        n.year - n.birth_year - (n.birth_month > 3)::int - (5 + n.grade) >= 2 as over_age,
        coalesce(n.result = 'reprobado', false) as failed,
        coalesce(n.grade <= l.last_grade, false) as repeated,
        n.transferred or coalesce(l.last_sede <> n.sede_code, false) as changed_sede,
        n.document_type = 'NES' as nes_without_ppt,
        coalesce(n.zone = 'rural', false) as rural_sede,
        coalesce(d.rate >= $high_rate, false) as sede_dropout_high,
        coalesce(d.rate >= $medium_rate and d.rate < $high_rate, false) as sede_dropout_medium
    from now n
    left join last_year l using (student_id)
    left join sede_dropout d on d.sede_code = n.sede_code
)
select
    *,
    withdrew::int * $withdrew + over_age::int * $over_age + failed::int * $failed + repeated::int * $repeated
    + changed_sede::int * $changed_sede + nes_without_ppt::int * $nes_without_ppt
    + rural_sede::int * $rural_sede + sede_dropout_high::int * $sede_dropout_high
    + sede_dropout_medium::int * $sede_dropout_medium as score
from flags
