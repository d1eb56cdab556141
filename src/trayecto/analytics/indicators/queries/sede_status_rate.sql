-- A school-level rate over enrolment (MEN: desercion, aprobacion, reprobacion, repitencia):
-- pupils with end-of-year status $status (withdrawn, passed, failed, repeating) in grades
-- $grade_min–$grade_max over the pupils enrolled in those grades, per sede and year, for
-- both sexes (sex null) and each sex. Rows whose status was not reported (null) count in
-- neither part. One source per sede-year: real SIMAT data wins over synthetic.
with enrolment as (
    select *
    from sede_enrolment
    qualify dense_rank() over (partition by year, sede_code order by is_synthetic, source) = 1
),
counted as (
    select sede_code, year, sex, source, vintage, is_synthetic, enrolled,
           case $status
               when 'withdrawn' then withdrawn
               when 'passed' then passed
               when 'failed' then failed
               when 'repeating' then repeating
           end as n
    from enrolment
    where grade between $grade_min and $grade_max
)
select
    'sede' as level,
    sede_code as area_code,
    year,
    sex,
    sum(n)::double as numerator,
    sum(enrolled)::double as denominator,
    sum(n) / nullif(sum(enrolled), 0) * 100 as value,
    'computed' as status,
    $status || ' / enrolled × 100, grades ' || $grade_min || '–' || $grade_max
        || case when is_synthetic then ' — SYNTHETIC sede data, not real' else '' end
        as method,
    source,
    vintage
from counted
where n is not null
group by grouping sets (
    (sede_code, year, source, vintage, is_synthetic),
    (sede_code, year, sex, source, vintage, is_synthetic)
)
