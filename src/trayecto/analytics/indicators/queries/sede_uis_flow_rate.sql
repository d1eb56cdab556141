-- UIS flow rates between school years t and t+1 (reconstructed cohort method, UNESCO-UIS
-- "Education Indicators – Technical Guidelines", 2009), per sede, grades $grade_min–$grade_max
-- of the regular sequence transición (0) – 10 (grade 11 has no next grade here):
--   promotion p(g,t)  = (E(g+1,t+1) − R(g+1,t+1)) / E(g,t)
--   repetition r(g,t) = R(g,t+1) / E(g,t)
--   dropout d(g,t)    = 1 − p(g,t) − r(g,t)
-- E = enrolled, R = repeaters (`repeating`); $flow picks the rate. For a range of grades
-- numerators and denominators are summed over g, so per sede, year t and sex:
--   denominator = Σ_g E(g,t);  promoted = Σ_g E(g+1,t+1) − R(g+1,t+1);  repeated = Σ_g R(g,t+1)
-- and p + r + d = 100 by construction. A sede-year counts only when the sede reports
-- enrolment in t and t+1 and repeaters in t+1; the year of the result is t. Negative
-- dropout means pupils moved in (transfers): kept and shown, not hidden (a sede is an open
-- system; transfers between sedes cancel out higher up). One pass: sede_pass.sql; one
-- source per sede-year (chosen before years meet), both sexes and the synthetic label:
-- sede_scaffold.sql.
-- [measures]
sum(case when e.grade between $grade_min and least($grade_max, 10) then e.enrolled end)::bigint
    as enrolled_from,
-- used only for sede-years whose every row reports repeaters (next_year)
sum(case when e.grade between $grade_min + 1 and least($grade_max, 10) + 1
         then e.enrolled - e.repeating end)::bigint as promoted_into,
sum(case when e.grade between $grade_min and least($grade_max, 10) then e.repeating end)::bigint
    as repeated_in,
sum(case when e.grade between 0 and 11 then e.rows_repeating_missing end)::bigint
    as repeating_missing,
count(case when e.grade between 0 and 11 then 1 end) as rows
-- [values]
next_year as (
    -- sede-years with repeaters reported, shifted back one year to meet year t
    select sede_code, year - 1 as year
    from per_sex
    group by all
    having sum(repeating_missing) = 0
),
flows as (
    select
        t.sede_code, t.year, t.sex,
        coalesce(n.promoted_into, 0) as promoted,
        coalesce(n.repeated_in, 0) as repeated,
        t.enrolled_from as e_t,
        t.source || case when n.source <> t.source then ', ' || n.source else '' end as source,
        t.vintage || case when n.vintage <> t.vintage then ', ' || n.vintage else '' end
            as vintage,
        t.is_synthetic or coalesce(n.is_synthetic, false) as is_synthetic
    from per_sex t
    semi join next_year y on y.sede_code = t.sede_code and y.year = t.year
    left join per_sex n on n.sede_code = t.sede_code and n.year = t.year + 1 and n.sex = t.sex
    where t.enrolled_from is not null
),
measured as (
    select
        sede_code as area_code, year, sex,
        case $flow
            when 'promotion' then promoted
            when 'repetition' then repeated
            else e_t - promoted - repeated
        end::double as numerator,
        e_t::double as denominator,
        source, vintage, is_synthetic
    from flows
)
-- [method]
'UIS reconstructed cohort, ' || $flow || ' rate year t → t+1, grades '
    || $grade_min || '–' || least($grade_max, 10)
