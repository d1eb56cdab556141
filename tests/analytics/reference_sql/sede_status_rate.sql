-- A school-level rate over enrolment (MEN: desercion, aprobacion, reprobacion, repitencia):
-- pupils with end-of-year status $status (withdrawn, passed, failed, repeating) in grades
-- $grade_min–$grade_max over the pupils enrolled in those grades, per sede and year, for
-- each sex and both sexes (sex null). Rows whose status was not reported (null) count in
-- neither part. One source per sede-year: real data wins over synthetic.
-- Written for national scale: one hash aggregate over the per-grade summary
-- sede_enrolment_grade (statuses and their reported enrolment summed at import); the
-- source is chosen afterwards on the grouped rows.
with grouped as (
    select
        e.sede_code, e.year, e.sex,
        sum(case $status
                when 'withdrawn' then e.withdrawn
                when 'passed' then e.passed
                when 'failed' then e.failed
                when 'repeating' then e.repeating
            end)::double as numerator,
        sum(case $status
                when 'withdrawn' then e.enrolled_withdrawn_reported
                when 'passed' then e.enrolled_passed_reported
                when 'failed' then e.enrolled_failed_reported
                when 'repeating' then e.enrolled_repeating_reported
            end)::double as denominator,
        e.source,
        any_value(e.vintage) as vintage,
        bool_or(e.is_synthetic) as is_synthetic
    from sede_enrolment_grade e
    where e.grade between $grade_min and $grade_max
      -- population group (nationality COL / VEN / OTH); null = every group together
      and ($group is null or e.nationality = $group)
    group by all
),
per_sex as (
    -- one source per sede-year, chosen on the small grouped result: real before synthetic
    select *
    from grouped
    qualify dense_rank() over (partition by sede_code, year order by is_synthetic, source) = 1
),
both_sexes as (
    select sede_code, year, null::varchar as sex, sum(numerator) as numerator,
           sum(denominator) as denominator, any_value(source) as source,
           any_value(vintage) as vintage, bool_or(is_synthetic) as is_synthetic
    from per_sex
    group by all
)
select
    'sede' as level,
    sede_code as area_code,
    year,
    sex,
    numerator,
    denominator,
    numerator / nullif(denominator, 0) * 100 as value,
    'computed' as status,
    $status || ' / enrolled × 100, grades ' || $grade_min || '–' || $grade_max
        || case when is_synthetic then ' — SYNTHETIC sede data, not real' else '' end
        as method,
    source,
    vintage
from (select * from per_sex union all select * from both_sexes)
where numerator is not null
