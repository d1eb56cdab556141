-- sede_matricula_rows: rows of a `sede-matricula` file, typed, with the first problem of
-- the row (docs/formats/sede-matricula.md). Reads the view `raw` (the row's position `r`;
-- one text column per known column, trimmed, '' when absent or blank; `blank` when every
-- cell of the row is empty); `is_known($known, code)` says whether a 5-digit municipality
-- code is known (a bit string, not a joined table: the checks keep the rows' order). It
-- reads the rows sede_matricula_fast.sql could not type by its cheap tests: every bad row,
-- and good rows written another way than plain digits and exact words. The checks run in the order the format
-- lists them and stop at the first that fails, like a person reading the row; `problem` is
-- `column:check` (importers/sede_matricula_problems.py turns it into the message), null
-- when the row is good. Values are typed only on good rows.
with spaceless as (
    select
        *,
        replace(year, ',', '') as year_s,
        replace(enrolled, ' ', '') as enrolled_s,
        replace(withdrawn, ' ', '') as withdrawn_s,
        replace(passed, ' ', '') as passed_s,
        replace(failed, ' ', '') as failed_s,
        replace(repeating, ' ', '') as repeating_s,
        replace(teachers, ' ', '') as teachers_s
    from raw
),
dropped as (
    select
        *,
        drop_zero(year_s) as year_c,
        drop_zero(sede_code) as sede_c,
        drop_zero(municipality_code) as municipality_c,
        drop_zero(grade) as grade_c,
        drop_zero(age) as age_c,
        drop_zero(establishment_code) as establishment_c,
        drop_zero(enrolled_s) as enrolled_d,
        drop_zero(withdrawn_s) as withdrawn_d,
        drop_zero(passed_s) as passed_d,
        drop_zero(failed_s) as failed_d,
        drop_zero(repeating_s) as repeating_d,
        drop_zero(teachers_s) as teachers_d
    from spaceless
),
cleaned as (
    select
        r,
        blank,
        year as year_t, sede_code as sede_t, municipality_code as municipality_t,
        grade as grade_t, sex as sex_t, age as age_t, nationality as nationality_t,
        enrolled as enrolled_t, withdrawn as withdrawn_t, passed as passed_t,
        failed as failed_t, repeating as repeating_t, zone as zone_t, sector as sector_t,
        teachers as teachers_t, establishment_code as establishment_t, sede_name,
        year_c, sede_c, municipality_c, grade_c, age_c, establishment_c,
        count_of(enrolled_d) as enrolled_n,
        count_of(withdrawn_d) as withdrawn_n,
        count_of(passed_d) as passed_n,
        count_of(failed_d) as failed_n,
        count_of(repeating_d) as repeating_n,
        count_of(teachers_d) as teachers_n,
        $sex_values[list_position($sex_keys, lower(sex))] as sex_v,
        $nationality_values[list_position($nationality_keys, lower(nationality))]
            as nationality_v,
        $zone_values[list_position($zone_keys, lower(zone))] as zone_v,
        $sector_values[list_position($sector_keys, replace(lower(sector), '_', ' '))]
            as sector_v
    from dropped
),
typed as (
    select
        *,
        case when is_digits(year_c) and length(year_c) <= 9 then year_c::integer end as year_i,
        substr(sede_c, 2, 5) as prefix,
        case
            when municipality_t = '' then substr(sede_c, 2, 5)
            when is_digits(municipality_c) and length(municipality_c) < 5
                then lpad(municipality_c, 5, '0')  -- Excel drops the leading zero of 05001
            else municipality_c
        end as municipality_v,
        case
            when is_digits(grade_c) and length(grade_c) <= 9 then grade_c::integer
            when grade_c[1] = '-' and is_digits(grade_c[2:]) and length(grade_c) <= 9
                then grade_c::integer
        end as grade_i,
        case when is_digits(age_c) and length(age_c) <= 9 then age_c::integer end as age_i,
        coalesce(withdrawn_n, 0) + coalesce(passed_n, 0) + coalesce(failed_n, 0) as outcomes
    from cleaned
),
checked as (
    select
        *,
        case
            when blank then null
            when year_i is null or year_i not between 2000 and 2100 then 'year:year'
            when not (is_digits(sede_c) and length(sede_c) = 12) then 'sede_code:format'
            when not is_known($known, prefix::integer) then 'sede_code:prefix'
            when municipality_t <> ''
                and not (is_digits(municipality_v) and length(municipality_v) = 5)
                then 'municipality_code:format'
            when municipality_t <> ''
                and not is_known($known, municipality_v::integer)
                then 'municipality_code:unknown'
            when grade_i is null or not list_contains($grades, grade_i) then 'grade:grade'
            when sex_v is null then 'sex:sex'
            when age_i is null or age_i not between 0 and $max_age then 'age:age'
            when nationality_v is null then 'nationality:nationality'
            when enrolled_n is null then 'enrolled:count'
            when enrolled_n > $max_count then 'enrolled:bound'
            when withdrawn_t <> '' and withdrawn_n is null then 'withdrawn:count'
            when withdrawn_n > $max_count then 'withdrawn:bound'
            when passed_t <> '' and passed_n is null then 'passed:count'
            when passed_n > $max_count then 'passed:bound'
            when failed_t <> '' and failed_n is null then 'failed:count'
            when failed_n > $max_count then 'failed:bound'
            when repeating_t <> '' and repeating_n is null then 'repeating:count'
            when repeating_n > $max_count then 'repeating:bound'
            when outcomes > enrolled_n then 'enrolled:outcomes'
            when coalesce(repeating_n, 0) > enrolled_n then 'repeating:more'
            when zone_t <> '' and zone_v is null then 'zone:zone'
            when sector_t <> '' and sector_v is null then 'sector:sector'
            when teachers_t <> '' and teachers_n is null then 'teachers:count'
            when teachers_n > $max_count then 'teachers:bound'
            when establishment_t <> ''
                and not (is_digits(establishment_c) and length(establishment_c) = 12)
                then 'establishment_code:format'
        end as problem
    from typed
)
select
    r,
    blank,
    problem,
    -- what the user wrote in the column the problem is about
    case split_part(problem, ':', 1)
        when 'year' then year_t when 'sede_code' then sede_t
        when 'municipality_code' then municipality_t when 'grade' then grade_t
        when 'sex' then sex_t when 'age' then age_t when 'nationality' then nationality_t
        when 'enrolled' then enrolled_t when 'withdrawn' then withdrawn_t
        when 'passed' then passed_t when 'failed' then failed_t
        when 'repeating' then repeating_t when 'zone' then zone_t when 'sector' then sector_t
        when 'teachers' then teachers_t when 'establishment_code' then establishment_t
    end as problem_value,
    case when problem is not null then outcomes end as problem_outcomes,
    case when problem is not null then enrolled_n end as problem_enrolled,
    case when problem is not null then prefix end as problem_prefix,
    case when problem is null then year_i::smallint end as year,
    case when problem is null then sede_c end as sede_code,
    case when problem is null then nullif(sede_name, '') end as sede_name,
    case when problem is null then nullif(establishment_c, '') end as establishment_code,
    case when problem is null then municipality_v end as municipality_code,
    case when problem is null then zone_v end as zone,
    case when problem is null then sector_v end as sector,
    case when problem is null then teachers_n::integer end as teachers,
    case when problem is null then grade_i::tinyint end as grade,
    case when problem is null then sex_v end as sex,
    case when problem is null then age_i::tinyint end as age,
    case when problem is null then nationality_v end as nationality,
    case when problem is null then enrolled_n::integer end as enrolled,
    case when problem is null then withdrawn_n::integer end as withdrawn,
    case when problem is null then passed_n::integer end as passed,
    case when problem is null then failed_n::integer end as failed,
    case when problem is null then repeating_n::integer end as repeating
from checked
