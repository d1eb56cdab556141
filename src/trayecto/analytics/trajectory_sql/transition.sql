-- transition: what became of each student enrolled in grades 0–11 in year $year, at the
-- places of its origin row (docs/methodology/trajectory.md). `forward_links` pairs the
-- students of $year with those of $year + 1. graduated: grade 11 passed (APROBADO);
-- otherwise found next year: promoted when the grade code rose, repeated when not;
-- otherwise dropped_out. Moves are counted for the promoted and the repeated.
create or replace temp table transition as
with now as (
    select * from student_year where year = $year and grade between 0 and 11
),
after as (select * from student_year where year = $year + 1),
found as (
    select
        n.*,
        a.student_id is not null as is_found,
        a.grade as next_grade,
        a.sede_code as next_sede,
        a.municipality_code as next_municipality
    from now n
    left join forward_links f on f.left_id = n.student_id
    left join after a on a.student_id = f.right_id
),
outcomes as (
    select
        *,
        case
            when grade = 11 and result = 'aprobado' then 'graduated'
            when not is_found then 'dropped_out'
            when next_grade > grade then 'promoted'
            else 'repeated'
        end as outcome
    from found
)
-- only what the counts (by_area.sql: places, breakdowns, filters) and the early warning's
-- backtest (student_id, outcome) read: at 10 million students a column less is ~100 MB less
select
    student_id, grade, level, sex, nationality,
    sede_code, municipality_code, etc_code, department_code, nation_code,
    outcome,
    outcome in ('promoted', 'repeated') and next_sede <> sede_code as changed_sede,
    outcome in ('promoted', 'repeated') and next_municipality <> municipality_code
        as changed_municipality
from outcomes
