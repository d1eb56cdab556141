-- simat_students_rows: every row of a `simat-estudiantes` file, checked, pseudonymised and
-- typed (docs/formats/simat-estudiantes.md). Reads the view `raw` (one trimmed text column
-- per known column, '' when absent; `blank` when the whole row is empty);
-- `is_known($known, code)` says whether the 5-digit municipality code is known. The first failing check names the
-- row's problem as `column:check` (importers/simat_students.py words it). What comes out holds no name, no
-- document number and no full birth date: only the two keyed hashes (HMAC-SHA-256 with the
-- padded key blocks $key_ipad and $key_opad, importers/student_key.py), birth year and
-- month, and the problem's value for the columns that identify no one.
-- The document is hashed a second time with the key of the ETC of the sede's municipality
-- (`etc_student_id`, what the ETC's pseudonymous list carries): etc_i is the position of that
-- ETC in $etc_codes / $etc_ipads / $etc_opads (0 when the municipality has none), read from
-- seven bit strings indexed by the 5-digit code, $etc_bit0 … $etc_bit6 (bit k of the
-- position). Both lookups are indexed by the code, not joins: a join does not keep the
-- file's order when DuckDB reads a large file in parallel, and a row's position is its line
-- and decides which of a student's rows counts. Bit strings rather than a list of 100,000
-- positions: DuckDB copies a constant list for every 2,048 rows it indexes (1 s of CPU per
-- 3 million rows, docs/benchmarks.md).
with typed as (
    select
        *,
        drop_zero(replace(year, ',', '')) as year_c,
        drop_zero(sede_code) as sede_c,
        drop_zero(grade) as grade_c,
        upper(regexp_replace(document_type, '[^A-Za-z]', '', 'g')) as document_type_v,
        -- document numbers compared without spaces, dots or dashes, in capitals
        upper(regexp_replace(drop_zero(document_number), '[^0-9A-Za-z]', '', 'g')) as number_v,
        coalesce(
            try_strptime(birth_date, '%Y-%m-%d'),
            try_strptime(birth_date, '%d/%m/%Y'),
            try_strptime(birth_date, '%Y-%m-%d %H:%M:%S')
        )::date as birth_v,
        $sex_values[list_position($sex_keys, lower(sex))] as sex_v,
        case
            when country = '' then null
            else coalesce(
                $country_values[list_position($country_keys, lower(strip_accents(country)))],
                'OTH'
            )
        end as nationality_v,
        $status_values[list_position($status_keys, lower(status))] as status_v,
        $result_values[list_position($result_keys, lower(result))] as result_v,
        $zone_values[list_position($zone_keys, lower(zone))] as zone_v,
        $sector_values[list_position($sector_keys, replace(lower(sector), '_', ' '))]
            as sector_v,
        -- names compared in capitals, without accents, punctuation or double spaces
        trim(regexp_replace(
            upper(strip_accents(
                first_name || ' ' || second_name || '|' || first_surname || ' ' || second_surname
            )),
            '[^A-Z|]+', ' ', 'g'
        )) as names_v
    from raw
),
numbered as (
    select
        *,
        case when is_digits(year_c) and length(year_c) = 4 then year_c::integer end as year_i,
        case
            when is_digits(grade_c) and length(grade_c) <= 3 then grade_c::integer
            when grade_c[1] = '-' and is_digits(grade_c[2:]) and length(grade_c) <= 3
                then grade_c::integer
        end as grade_i
    from typed
),
checked as (
    select
        *,
        case
            when blank then null
            when year_i is null or year_i not between 2000 and 2100 then 'year:year'
            when document_type_v = '' or length(document_type_v) > 6 then 'document_type:type'
            when length(number_v) not between 3 and 20 then 'document_number:format'
            when regexp_replace(first_name, '[^[:alpha:]]', '', 'g') = '' then 'first_name:empty'
            when regexp_replace(first_surname, '[^[:alpha:]]', '', 'g') = ''
                then 'first_surname:empty'
            when birth_v is null then 'birth_date:date'
            when year(birth_v) not between 1900 and year_i - 2 then 'birth_date:range'
            when sex_v is null then 'sex:sex'
            when nationality_v is null then 'country:empty'
            when not (is_digits(sede_c) and length(sede_c) = 12) then 'sede_code:format'
            when not is_known($known, substr(sede_c, 2, 5)::integer) then 'sede_code:prefix'
            when grade_i is null or not list_contains($grades, grade_i) then 'grade:grade'
            when status_v is null then 'status:status'
            when result <> '' and result_v is null then 'result:result'
            when zone <> '' and zone_v is null then 'zone:zone'
            when sector <> '' and sector_v is null then 'sector:sector'
        end as problem
    from numbered
),
municipality as (
    -- 0 to 99,999: five digits of a good row's sede code; null for other rows, whose etc_i
    -- is then null (no ETC pseudonym, as for position 0)
    select
        *,
        case when problem is null and not blank
            then substr(sede_c, 2, 5)::integer end as municipality_i
    from checked
),
keyed as (
    select
        *,
        get_bit($etc_bit0::bit, municipality_i)
            + 2 * get_bit($etc_bit1::bit, municipality_i)
            + 4 * get_bit($etc_bit2::bit, municipality_i)
            + 8 * get_bit($etc_bit3::bit, municipality_i)
            + 16 * get_bit($etc_bit4::bit, municipality_i)
            + 32 * get_bit($etc_bit5::bit, municipality_i)
            + 64 * get_bit($etc_bit6::bit, municipality_i) as etc_i
    from municipality
)
select
    blank,
    problem,
    -- what the user wrote, only for the columns that identify no one
    case split_part(problem, ':', 1)
        when 'year' then year when 'document_type' then document_type
        when 'sex' then sex when 'sede_code' then sede_code when 'grade' then grade
        when 'status' then status when 'result' then result when 'zone' then zone
        when 'sector' then sector
        else ''
    end as problem_value,
    case when problem = 'sede_code:prefix' then substr(sede_c, 2, 5) end as problem_prefix,
    case when problem is null and not blank then year_i::smallint end as year,
    case when problem is null and not blank then sede_c end as sede_code,
    case when problem is null and not blank then substr(sha256(
        $key_opad || unhex(sha256($key_ipad || encode('doc:' || number_v)))
    ), 1, 32) end as student_id,
    case when problem is null and not blank then substr(sha256(
        $key_opad || unhex(sha256($key_ipad || encode(
            'link:' || names_v || '|' || strftime(birth_v, '%Y-%m-%d') || '|' || sex_v
        )))
    ), 1, 32) end as link_id,
    case when problem is null and not blank then substr(sha256(
        $etc_opads[etc_i] || unhex(sha256($etc_ipads[etc_i] || encode('doc:' || number_v)))
    ), 1, 32) end as etc_student_id,
    case when problem is null and not blank then $etc_codes[etc_i] end as pseudonym_etc,
    case when problem is null and not blank then document_type_v end as document_type,
    case when problem is null and not blank then year(birth_v)::smallint end as birth_year,
    case when problem is null and not blank then month(birth_v)::tinyint end as birth_month,
    case when problem is null and not blank then sex_v end as sex,
    case when problem is null and not blank then nationality_v end as nationality,
    case when problem is null and not blank then grade_i::tinyint end as grade,
    case when problem is null and not blank then status_v end as status,
    case when problem is null and not blank then result_v end as result,
    case when problem is null and not blank then zone_v end as zone,
    case when problem is null and not blank then sector_v end as sector,
    case when problem is null and not blank then nullif(upper(shift), '') end as shift
from keyed
