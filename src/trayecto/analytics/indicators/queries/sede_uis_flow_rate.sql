-- UIS flow rates between school years t and t+1 (reconstructed cohort method, UIS
-- "Education indicators – technical guidelines"), per sede, for grades $grade_min–$grade_max
-- of the regular sequence transición (0) – 10 (grade 11 has no next grade here).
--   promotion p(g,t)  = (E(g+1,t+1) − R(g+1,t+1)) / E(g,t)
--   repetition r(g,t) = R(g,t+1) / E(g,t)
--   dropout d(g,t)    = 1 − p(g,t) − r(g,t)
-- E = enrolled, R = repeaters (the `repeating` count). $flow picks the rate. A sede-year
-- counts only when the sede reports enrolment in both years and repeaters in t+1; the year
-- of the result is t. Negative dropout means pupils moved in (transfers): it is kept and
-- shown, not hidden (a sede is an open system; at higher levels transfers cancel out).
with enrolment as (
    select *
    from sede_enrolment
    qualify dense_rank() over (partition by year, sede_code order by is_synthetic, source) = 1
),
cells as (
    select sede_code, year, grade, sex, source, vintage, is_synthetic,
           sum(enrolled) as enrolled, sum(repeating) as repeating
    from enrolment
    where grade between 0 and 11
    group by all
),
flows as (
    select
        t.sede_code, t.year, t.grade, t.sex,
        t.source || case when n.source is distinct from t.source then ', ' || n.source else '' end
            as source,
        t.vintage || case when n.vintage is distinct from t.vintage then ', ' || n.vintage else '' end
            as vintage,
        t.is_synthetic or n.is_synthetic as is_synthetic,
        t.enrolled as e_t,
        coalesce(up.enrolled, 0) - coalesce(up.repeating, 0) as promoted,
        coalesce(same.repeating, 0) as repeated
    from cells t
    -- the sede is present the next year (any grade), with repeaters reported
    join (
        select sede_code, year, any_value(source) as source, any_value(vintage) as vintage,
               bool_or(is_synthetic) as is_synthetic
        from cells
        group by all
        having count(repeating) = count(*)
    ) n on n.sede_code = t.sede_code and n.year = t.year + 1
    left join cells up
        on up.sede_code = t.sede_code and up.year = t.year + 1 and up.grade = t.grade + 1
        and up.sex = t.sex
    left join cells same
        on same.sede_code = t.sede_code and same.year = t.year + 1 and same.grade = t.grade
        and same.sex = t.sex
    where t.grade between $grade_min and $grade_max and t.grade <= 10
)
select
    'sede' as level,
    sede_code as area_code,
    year,
    sex,
    sum(case $flow
            when 'promotion' then promoted
            when 'repetition' then repeated
            else e_t - promoted - repeated
        end)::double as numerator,
    sum(e_t)::double as denominator,
    sum(case $flow
            when 'promotion' then promoted
            when 'repetition' then repeated
            else e_t - promoted - repeated
        end) / nullif(sum(e_t), 0) * 100 as value,
    'computed' as status,
    'UIS reconstructed cohort, ' || $flow || ' rate year t → t+1, grades '
        || $grade_min || '–' || least($grade_max, 10)
        || case when bool_or(is_synthetic) then ' — SYNTHETIC sede data, not real' else '' end
        as method,
    source,
    vintage
from flows
group by grouping sets ((sede_code, year, source, vintage), (sede_code, year, sex, source, vintage))
