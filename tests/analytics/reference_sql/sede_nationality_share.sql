-- Share of pupils of nationality $nationality (VEN: Venezuelan) among all pupils enrolled
-- in the sede, all grades. One source per sede-year: real data wins over synthetic.
with grouped as (
    select
        e.sede_code, e.year, e.sex,
        -- the summary counts Venezuelan pupils (the one nationality the registry uses)
        coalesce(sum(case $nationality
                         when 'VEN' then e.enrolled_venezuelan
                         else error('sede_enrolment_grade counts nationality VEN only')
                     end), 0)::double
            as numerator,
        sum(e.enrolled)::double as denominator,
        e.source,
        any_value(e.vintage) as vintage,
        bool_or(e.is_synthetic) as is_synthetic
    from sede_enrolment_grade e
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
    'enrolled of nationality ' || $nationality || ' / enrolled × 100'
        || case when is_synthetic then ' — SYNTHETIC sede data, not real' else '' end
        as method,
    source,
    vintage
from (select * from per_sex union all select * from both_sexes)
