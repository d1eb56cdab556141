-- Over-age share per sede: pupils of grades $grade_min–$grade_max whose age is at least
-- grade + $overage_from_offset over all pupils of those grades. MEN extraedad: offset 8
-- (the expected age of grade g spans 5+g and 6+g; two or more years above it, so grade 2
-- from age 10). UIS (SDG 4.1.5): offset 7 (two or more years above the intended age 5+g,
-- so grade 2 from age 9). One source per sede-year: real data wins over synthetic.
with grouped as (
    select
        e.sede_code, e.year, e.sex,
        -- the summary holds the two thresholds in use (UIS 7, MEN 8)
        coalesce(sum(case $overage_from_offset
                         when 7 then e.enrolled_age_ge_grade_7
                         when 8 then e.enrolled_age_ge_grade_8
                         else error('sede_enrolment_grade holds over-age offsets 7 and 8 only')
                     end), 0)::double
            as numerator,
        sum(e.enrolled)::double as denominator,
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
    'enrolled aged ≥ grade + ' || $overage_from_offset || ' / enrolled × 100, grades '
        || $grade_min || '–' || $grade_max
        || case when is_synthetic then ' — SYNTHETIC sede data, not real' else '' end
        as method,
    source,
    vintage
from (select * from per_sex union all select * from both_sexes)
