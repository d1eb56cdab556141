-- Share of pupils of nationality $nationality (VEN: Venezuelan) among all pupils enrolled
-- in the sede, all grades. One pass: sede_pass.sql; one source per sede-year, both sexes
-- and the synthetic label: sede_scaffold.sql.
-- [measures]
-- the summary counts Venezuelan pupils (the one nationality the registry uses)
sum(case $nationality
        when 'VEN' then e.enrolled_venezuelan
        else error('sede_enrolment_grade counts nationality VEN only')
    end)::bigint as numerator,
sum(e.enrolled)::bigint as denominator,
count(*) as rows
-- [values]
measured as (
    select sede_code as area_code, year, sex, coalesce(numerator, 0)::double as numerator,
           denominator::double as denominator, source, vintage, is_synthetic
    from per_sex
)
-- [method]
'enrolled of nationality ' || $nationality || ' / enrolled × 100'
