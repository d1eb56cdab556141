-- Students per teacher per sede: enrolment over teachers (`sede` table, any sede source:
-- a SIMAT export, an emergency list, or synthetic data, in that order of preference).
-- Sedes without a teacher count are left out of both parts. No sex split (teachers are
-- not reported by sex).
with sede_year as (
    select *
    from sede
    qualify row_number() over (
        partition by year, sede_code
        order by case source when 'sede-matricula' then 1 when 'affected-schools' then 2
                 else 3 end, source
    ) = 1
)
select
    'sede' as level,
    sede_code as area_code,
    year,
    null::varchar as sex,
    enrolment::double as numerator,
    teachers::double as denominator,
    enrolment / nullif(teachers, 0) as value,
    'computed' as status,
    'enrolment / teachers'
        || case when is_synthetic then ' — SYNTHETIC sede data, not real' else '' end
        as method,
    source,
    vintage
from sede_year
where teachers is not null and enrolment is not null
