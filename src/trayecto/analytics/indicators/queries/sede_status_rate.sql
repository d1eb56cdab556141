-- A school-level rate over enrolment (MEN: desercion, aprobacion, reprobacion, repitencia):
-- pupils with end-of-year status $status (withdrawn, passed, failed, repeating) in grades
-- $grade_min–$grade_max over the pupils enrolled in those grades, per sede and year, for
-- each sex and both sexes (sex null). Rows whose status was not reported (null) count in
-- neither part. Read from the per-grade summary sede_enrolment_grade (statuses and their
-- reported enrolment summed at import) in the one pass of sede_pass.sql; one source per
-- sede-year, both sexes and the synthetic label: sede_scaffold.sql.
-- [measures]
sum(case when e.grade between $grade_min and $grade_max then
        case $status
            when 'withdrawn' then e.withdrawn
            when 'passed' then e.passed
            when 'failed' then e.failed
            when 'repeating' then e.repeating
        end
    end)::bigint as numerator,
sum(case when e.grade between $grade_min and $grade_max then
        case $status
            when 'withdrawn' then e.enrolled_withdrawn_reported
            when 'passed' then e.enrolled_passed_reported
            when 'failed' then e.enrolled_failed_reported
            when 'repeating' then e.enrolled_repeating_reported
        end
    end)::bigint as denominator,
count(case when e.grade between $grade_min and $grade_max then 1 end) as rows
-- [values]
measured as (
    select sede_code as area_code, year, sex, numerator::double as numerator,
           denominator::double as denominator, source, vintage, is_synthetic
    from per_sex
)
-- [method]
$status || ' / enrolled × 100, grades ' || $grade_min || '–' || $grade_max
