-- sede_enrolment_grade: the school-level summary the sede indicators read, written with
-- every publication of sede_enrolment (docs/methodology/school-level.md). One row per
-- source × year × sede × grade × sex × nationality (vintage and is_synthetic carried): ages
-- are folded into the few counts the registry uses, so the indicators scan a fraction of
-- the detailed table, in one pass each. Nationality (COL / VEN / OTH) stays in the grain:
-- it is the population group the sede indicators are broken down by ($group).
--   enrolled_venezuelan        pupils of nationality VEN (estudiantes_venezolanos)
--   enrolled_age_ge_grade_7/8  pupils aged ≥ grade + 7 (UIS over-age) / + 8 (MEN extraedad)
--   <status>, enrolled_<status>_reported
--                              pupils with that end-of-year status, and the enrolled of the
--                              rows where the status was reported (null when none was)
--   rows_repeating_missing     detailed rows without repeaters (UIS flow rates need none)
-- (sums of a `case` rather than aggregates with `filter`: the same values, 15 % less CPU)
-- The rows of one import at a time ($source, $vintage, $is_synthetic: school_partitions.py
-- runs it once per import the rows hold, nearly always one): the three are the same on
-- every row of an import, and as text in the group key they cost DuckDB 40 % of the
-- statement (a national year's summary in 1.7 s of CPU against 2.9 s, docs/benchmarks.md).
-- Nationality is in the group key, so a group's Venezuelan pupils are all or none of it.
-- Not sorted: DuckDB writes a partition from both threads' streams, so a sorted summary's
-- row groups still overlapped (a department's three spanned most of its sede codes), and
-- the sort cost 1.6 s of a national year's import for no faster read (docs/benchmarks.md).
select
    $source::varchar as source, year, sede_code, grade, sex, nationality,
    $vintage::varchar as vintage, $is_synthetic::boolean as is_synthetic,
    sum(enrolled)::bigint as enrolled,
    coalesce(case when nationality = 'VEN' then sum(enrolled) end, 0)::bigint
        as enrolled_venezuelan,
    coalesce(sum(case when age >= grade + 7 then enrolled end), 0)::bigint
        as enrolled_age_ge_grade_7,
    coalesce(sum(case when age >= grade + 8 then enrolled end), 0)::bigint
        as enrolled_age_ge_grade_8,
    sum(withdrawn)::bigint as withdrawn,
    sum(case when withdrawn is not null then enrolled end)::bigint
        as enrolled_withdrawn_reported,
    sum(passed)::bigint as passed,
    sum(case when passed is not null then enrolled end)::bigint as enrolled_passed_reported,
    sum(failed)::bigint as failed,
    sum(case when failed is not null then enrolled end)::bigint as enrolled_failed_reported,
    sum(repeating)::bigint as repeating,
    sum(case when repeating is not null then enrolled end)::bigint
        as enrolled_repeating_reported,
    (count(*) - count(repeating))::integer as rows_repeating_missing
from sede_enrolment
where source = $source and vintage is not distinct from $vintage
    and is_synthetic = $is_synthetic
group by year, sede_code, grade, sex, nationality
