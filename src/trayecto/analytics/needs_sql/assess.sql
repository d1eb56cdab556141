-- Our own education severity and PiN for every municipality of `needs_inputs` at once: the
-- rules of domain/needs.py `assess` (the reference implementation; a property test keeps
-- the two equal). Thresholds are the lower bounds of phases 2–5 ($a1..$a4 access, % out of
-- school; $l1..$l4 students per teacher; $g1..$g4 migrants as % of the population;
-- $p1..$p4 % of the sedes the year's emergencies hit, at most 100: protected environment).
with base as (
    select
        *,
        case when migrants is null or coalesce(total_population, 0) = 0 then null
             else migrants / total_population * 100 end as migrant_share,
        coalesce(school_age_population, 0) as population,
        case when sedes_affected is null or coalesce(sedes, 0) <= 0 then null
             else least(100, sedes_affected / sedes * 100) end as affected_share
    from needs_inputs
),
phased as (
    select
        *,
        case when out_of_school_rate is null then null
             else 1 + (greatest(out_of_school_rate, 0) >= $a1)::int
                    + (greatest(out_of_school_rate, 0) >= $a2)::int
                    + (greatest(out_of_school_rate, 0) >= $a3)::int
                    + (greatest(out_of_school_rate, 0) >= $a4)::int end as access_phase,
        case when students_per_teacher is null then null
             else 1 + (students_per_teacher >= $l1)::int + (students_per_teacher >= $l2)::int
                    + (students_per_teacher >= $l3)::int + (students_per_teacher >= $l4)::int
        end as learning_phase,
        case when affected_share is null then null
             else 1 + (affected_share >= $p1)::int + (affected_share >= $p2)::int
                    + (affected_share >= $p3)::int + (affected_share >= $p4)::int
        end as protected_phase,
        case when migrant_share is null then null
             else 1 + (migrant_share >= $g1)::int + (migrant_share >= $g2)::int
                    + (migrant_share >= $g3)::int + (migrant_share >= $g4)::int
        end as aggravating_phase
    from base
),
driven as (
    select
        *,
        -- the highest phase; on a tie the first dimension (access, learning, protected)
        case when access_phase is not null
                  and access_phase >= coalesce(learning_phase, 0)
                  and access_phase >= coalesce(protected_phase, 0) then 'access'
             when learning_phase is not null
                  and learning_phase >= coalesce(protected_phase, 0) then 'learning_conditions'
             when protected_phase is not null then 'protected_environment' end as base_driver,
        greatest(access_phase, learning_phase, protected_phase) as base_severity
    from phased
),
severe as (
    select
        *,
        base_severity is not null and aggravating_phase is not null
            and aggravating_phase >= $raises_from and base_severity < 5 as raised
    from driven
),
grouped as (
    select
        *,
        least(
            population,
            coalesce(migrants, 0) * coalesce(
                $age_share::double,
                case when coalesce(total_population, 0) <> 0
                     then population / total_population else 0 end
            )
        ) as migrant_school_age,
        coalesce($migrant_rate::double, out_of_school_rate) as migrant_rate
    from severe
),
shared as (
    select
        *,
        case when out_of_school_rate is null then null
             else least(1, greatest(0, out_of_school_rate / 100)) end as host_access,
        case when migrant_rate is null then null
             else least(1, greatest(0, migrant_rate / 100)) end as migrant_access
    from grouped
),
in_need as (
    select
        *,
        greatest(
            host_access,
            case when learning_phase is null then null
                 when learning_phase >= $learning_from then 1 - coalesce(host_access, 0)
                 else 0 end
        ) as host_share,
        greatest(
            migrant_access,
            case when learning_phase is null then null
                 when learning_phase >= $learning_from then 1 - coalesce(migrant_access, 0)
                 else 0 end
        ) as migrant_share_in_need
    from shared
)
select
    code,
    access_phase,
    learning_phase,
    protected_phase,
    aggravating_phase,
    base_severity + raised::int as severity,
    case when raised then base_driver || '+aggravating' else base_driver end as driver,
    migrant_school_age,
    population - migrant_school_age as host_school_age,
    migrant_share_in_need,
    host_share,
    migrant_school_age * coalesce(migrant_share_in_need, 0) as migrant_pin,
    (population - migrant_school_age) * coalesce(host_share, 0) as host_pin,
    migrant_school_age * coalesce(migrant_share_in_need, 0)
        + (population - migrant_school_age) * coalesce(host_share, 0) as total_pin
from in_need
order by code
