-- sede_matricula_fast: the rows of a `sede-matricula` file typed by cheap exact tests, as a
-- SIMAT export writes nearly every cell (docs/formats/sede-matricula.md). Reads the view
-- `cells` (the file's cells as text, untrimmed, null when empty: one column per known column,
-- null when the file lacks it, and every column of the file as c0, c1…).
--
-- A row is `fast` when every cell is written the plain way and passes every check: numbers
-- in plain digits (the number read back as text is the cell itself: no space, sign, leading
-- zero, fraction or grouping; codes read as unsigned, since `-54001000001` reads back as
-- itself), codes and words exactly as one of the accepted spellings.
-- Its municipality codes are looked up in the bit string `$known` (`is_known`) rather than
-- in a joined table: DuckDB does not keep the rows in file order through a join when it reads a
-- file in parallel, and a row's position gives the line its problems are reported on.
-- Such a row gets the very values sede_matricula_rows.sql would give it, without its string
-- functions. Any other row is typed and checked again, from its cells as written, by
-- sede_matricula_rows.sql (a good row written another way, e.g. `12.0` or ` f`, and every
-- bad row): its typed values here mean nothing (cast with try_cast, so that a long number
-- read here raises nothing).
with typed as (
    select
        *,
        try_cast(year as bigint) as year_n,
        try_cast(grade as bigint) as grade_n,
        try_cast(age as bigint) as age_n,
        try_cast(enrolled as bigint) as enrolled_n,
        try_cast(withdrawn as bigint) as withdrawn_n,
        try_cast(passed as bigint) as passed_n,
        try_cast(failed as bigint) as failed_n,
        try_cast(repeating as bigint) as repeating_n,
        try_cast(teachers as bigint) as teachers_n,
        try_cast(municipality_code as integer) as municipality_n,
        coalesce(municipality_code, substr(sede_code, 2, 5)) as municipality_v,
        is_known($known, try_cast(substr(sede_code, 2, 5) as integer)) as prefix_known,
        $sex_values[list_position($sex_keys, sex)] as sex_v,
        $nationality_values[list_position($nationality_keys, nationality)] as nationality_v,
        $zone_values[list_position($zone_keys, zone)] as zone_v,
        $sector_values[list_position($sector_keys, sector)] as sector_v
    from cells
),
checked as (
    select
        *,
        coalesce(
            year_n::varchar = year and year_n between 2000 and 2100
            and length(sede_code) = 12 and try_cast(sede_code as ubigint)::varchar = sede_code
            and prefix_known
            and (municipality_code is null
                or (municipality_n between 0 and 99999
                    and lpad(municipality_n::varchar, 5, '0') = municipality_code
                    and is_known($known, municipality_n)))
            and grade_n::varchar = grade and list_contains($grades, grade_n)
            and sex_v is not null
            and age_n::varchar = age and age_n between 0 and $max_age
            and nationality_v is not null
            and enrolled_n::varchar = enrolled and enrolled_n between 0 and $max_count
            and (withdrawn is null
                or (withdrawn_n::varchar = withdrawn and withdrawn_n between 0 and $max_count))
            and (passed is null
                or (passed_n::varchar = passed and passed_n between 0 and $max_count))
            and (failed is null
                or (failed_n::varchar = failed and failed_n between 0 and $max_count))
            and (repeating is null
                or (repeating_n::varchar = repeating and repeating_n between 0 and $max_count))
            and coalesce(withdrawn_n, 0) + coalesce(passed_n, 0) + coalesce(failed_n, 0)
                <= enrolled_n
            and coalesce(repeating_n, 0) <= enrolled_n
            and (zone is null or zone_v is not null)
            and (sector is null or sector_v is not null)
            and (teachers is null
                or (teachers_n::varchar = teachers and teachers_n between 0 and $max_count))
            and (establishment_code is null
                or (length(establishment_code) = 12
                    and try_cast(establishment_code as ubigint)::varchar = establishment_code)),
            false
        ) as fast
    from typed
)
select
    fast,
    false as blank,
    null::varchar as problem,
    try_cast(year_n as smallint) as year,
    sede_code,
    nullif(trim(sede_name), '') as sede_name,
    establishment_code,
    municipality_v as municipality_code,
    zone_v as zone,
    sector_v as sector,
    try_cast(teachers_n as integer) as teachers,
    try_cast(grade_n as tinyint) as grade,
    sex_v as sex,
    try_cast(age_n as tinyint) as age,
    nationality_v as nationality,
    try_cast(enrolled_n as integer) as enrolled,
    try_cast(withdrawn_n as integer) as withdrawn,
    try_cast(passed_n as integer) as passed,
    try_cast(failed_n as integer) as failed,
    try_cast(repeating_n as integer) as repeating
from checked
