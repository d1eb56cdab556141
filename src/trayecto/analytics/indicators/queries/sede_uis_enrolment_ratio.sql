-- UIS enrolment ratio by sex from sede data, per municipality (coverage is never computed
-- below the municipality: DANE projects population by municipality, not by sede).
--   gross (GER): enrolled in grades $grade_min–$grade_max, any age
--                / population aged $age_min–$age_max × 100
--   net (NER, $net): only the enrolled aged $age_min–$age_max count in the numerator
-- Enrolment: sede_enrolment (the ages it needs are not in the summary, so it is read on its
-- own, not in the one pass), one source per sede-year, both sexes and the synthetic label
-- as every school-level rate has them (sede_scaffold.sql); each sede placed in the
-- municipality its `sede` row names (else digits 2–6 of the code). Population: DANE
-- projections by single age and sex (`population`). Only municipalities with sede data
-- appear; `units_with_value` says how many when aggregated. Gender parity indices use these
-- female and male rows.
-- [reads]
sede_enrolment
-- [level]
municipality
-- [measures]
sum(case when e.grade between $grade_min and $grade_max
          and (not $net or e.age between $age_min and $age_max) then e.enrolled end)
    as enrolled,
count(case when e.grade between $grade_min and $grade_max then 1 end) as rows
-- [values]
placed as (
    select
        coalesce(s.municipality_code, substr(p.sede_code, 2, 5)) as municipality_code,
        p.year, p.sex, p.enrolled, p.source, p.vintage, p.is_synthetic
    from per_sex p
    left join (
        select sede_code, arg_max(municipality_code, year) as municipality_code
        from sede
        where municipality_code is not null
        group by sede_code
    ) s using (sede_code)
),
enrolment as (
    select municipality_code, year, sex, sum(enrolled) as enrolled,
           string_agg(distinct source, ', ' order by source) as source,
           string_agg(distinct vintage, ', ' order by vintage) as vintage,
           bool_or(is_synthetic) as is_synthetic
    from placed
    group by all
),
population_by_sex as (
    select area_code as municipality_code, year, sex, sum(population) as population,
           any_value(vintage) as population_vintage
    from population
    where level = 'municipality' and age between $age_min and $age_max
    group by all
),
measured as (
    select e.municipality_code as area_code, e.year, e.sex,
           coalesce(e.enrolled, 0)::double as numerator,
           p.population::double as denominator,
           e.source || ', dane-proyecciones' as source,
           e.vintage || ', ' || p.population_vintage as vintage,
           e.is_synthetic
    from enrolment e
    join population_by_sex p using (municipality_code, year, sex)
)
-- [method]
case when $net then 'enrolled aged ' || $age_min || '–' || $age_max else 'enrolled' end
    || ' in grades ' || $grade_min || '–' || $grade_max || ' / DANE population aged '
    || $age_min || '–' || $age_max || ' × 100 (sede data by sex)'
