-- Share of pupils of nationality $nationality (VEN: Venezuelan) among all pupils enrolled
-- in the sede, all grades. One source per sede-year: real data wins over synthetic.
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
    coalesce(sum(enrolled) filter (where nationality = $nationality), 0)::double as numerator,
    sum(enrolled)::double as denominator,
    coalesce(sum(enrolled) filter (where nationality = $nationality), 0)
        / nullif(sum(enrolled), 0) * 100 as value,
    'computed' as status,
    'enrolled of nationality ' || $nationality || ' / enrolled × 100'
        || case when is_synthetic then ' — SYNTHETIC sede data, not real' else '' end
        as method,
    source,
    vintage
from enrolment
group by grouping sets (
    (sede_code, year, source, vintage, is_synthetic),
    (sede_code, year, sex, source, vintage, is_synthetic)
)
