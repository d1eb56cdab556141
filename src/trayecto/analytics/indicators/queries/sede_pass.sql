-- One scan of sede_enrolment_grade for every school-level rate read from it, or of
-- sede_enrolment for a family whose `-- [reads]` needs what the summary folds
-- (analytics/sede_indicators.py): per sede, year, sex and source, the measures of every
-- such indicator side by side, each family's `-- [measures]` with its parameters named per
-- indicator ($i3_grade_min). `rows` of an indicator counts the rows its filter keeps: a
-- source that has none for an indicator is not a candidate for it (sede_scaffold.sql).
-- Population group (nationality COL / VEN / OTH); null = every group together.
select
    e.sede_code, e.year, e.sex, e.source,
    any_value(e.vintage) as vintage,
    bool_or(e.is_synthetic) as is_synthetic,
    {measures}
from {table} e
where ($group is null or e.nationality = $group)
group by all
