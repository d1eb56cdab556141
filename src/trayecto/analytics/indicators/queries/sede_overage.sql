-- Over-age share per sede: pupils of grades $grade_min–$grade_max whose age is at least
-- grade + $overage_from_offset over all pupils of those grades. MEN extraedad: offset 8
-- (the expected age of grade g spans 5+g and 6+g; two or more years above it, so grade 2
-- from age 10). UIS (SDG 4.1.5): offset 7 (two or more years above the intended age 5+g,
-- so grade 2 from age 9). One pass: sede_pass.sql; one source per sede-year, both sexes
-- and the synthetic label: sede_scaffold.sql.
-- [measures]
-- the summary holds the two thresholds in use (UIS 7, MEN 8)
sum(case when e.grade between $grade_min and $grade_max then
        case $overage_from_offset
            when 7 then e.enrolled_age_ge_grade_7
            when 8 then e.enrolled_age_ge_grade_8
            else error('sede_enrolment_grade holds over-age offsets 7 and 8 only')
        end
    end)::bigint as numerator,
sum(case when e.grade between $grade_min and $grade_max then e.enrolled end)::bigint
    as denominator,
count(case when e.grade between $grade_min and $grade_max then 1 end) as rows
-- [values]
measured as (
    select sede_code as area_code, year, sex, coalesce(numerator, 0)::double as numerator,
           denominator::double as denominator, source, vintage, is_synthetic
    from per_sex
)
-- [method]
'enrolled aged ≥ grade + ' || $overage_from_offset || ' / enrolled × 100, grades '
    || $grade_min || '–' || $grade_max
