-- Over-age share per sede: pupils of grades $grade_min–$grade_max whose age is at least
-- grade + $overage_from_offset over all pupils of those grades. MEN extraedad: offset 8
-- (the expected age of grade g spans 5+g and 6+g; two or more years above it, so grade 2
-- from age 10). UIS (SDG 4.1.5): offset 7 (two or more years above the intended age 5+g,
-- so grade 2 from age 9). One source per sede-year: real data wins over synthetic.
with enrolment as (
    select *
    from sede_enrolment
    qualify dense_rank() over (partition by year, sede_code order by is_synthetic, source) = 1
)
select
    'sede' as level,
    sede_code as area_code,
    year,
    sex,
    sum(enrolled) filter (where age >= grade + $overage_from_offset)::double as numerator,
    sum(enrolled)::double as denominator,
    coalesce(sum(enrolled) filter (where age >= grade + $overage_from_offset), 0)
        / nullif(sum(enrolled), 0) * 100 as value,
    'computed' as status,
    'enrolled aged ≥ grade + ' || $overage_from_offset || ' / enrolled × 100, grades '
        || $grade_min || '–' || $grade_max
        || case when is_synthetic then ' — SYNTHETIC sede data, not real' else '' end
        as method,
    source,
    vintage
from enrolment
where grade between $grade_min and $grade_max
group by grouping sets (
    (sede_code, year, source, vintage, is_synthetic),
    (sede_code, year, sex, source, vintage, is_synthetic)
)
