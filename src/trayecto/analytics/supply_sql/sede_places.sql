-- Places per sede and grade (transición 0 to grade 11) for $year: the rule of
-- domain/supply.py `grade_places` (its reference; a property test keeps them equal).
-- Enrolment of every sex and nationality of the grade; the group size is the zone's
-- ($urban, $rural students per group); a grade with no enrolment but a grade below that
-- has some still needs places for it.
with enrolled as (
    select sede_code, grade, sum(enrolled)::bigint as enrolled,
           sum(enrolled_venezuelan)::bigint as venezuelan,
           bool_or(is_synthetic) as is_synthetic
    from sede_enrolment_grade
    where year = $year and grade between 0 and 11
    group by sede_code, grade
),
zoned as (
    select sede_code, arg_max(zone, year) as zone, arg_max(municipality_code, year) as municipality_code
    from sede
    group by sede_code
),
cells as (
    select sede_code, grade from enrolled
    union
    select sede_code, grade + 1 from enrolled where grade < 11
),
placed as (
    select
        c.sede_code,
        c.grade,
        coalesce(e.enrolled, 0) as enrolled,
        coalesce(e.venezuelan, 0) as venezuelan,
        case when c.grade = 0 then 0 else coalesce(b.enrolled, 0) end as below,
        case when z.zone = 'rural' then $rural else $urban end as group_size,
        coalesce(z.municipality_code, substr(c.sede_code, 2, 5)) as municipality_code,
        coalesce(e.is_synthetic, b.is_synthetic, false) as is_synthetic
    from cells c
    left join enrolled e on e.sede_code = c.sede_code and e.grade = c.grade
    left join enrolled b on b.sede_code = c.sede_code and b.grade = c.grade - 1
    left join zoned z on z.sede_code = c.sede_code
)
select
    *,
    ceil(enrolled / group_size)::bigint as groups,
    ceil(enrolled / group_size)::bigint * group_size as capacity,
    greatest(ceil(enrolled / group_size)::bigint * group_size, below) as places,
    greatest(0, below - ceil(enrolled / group_size)::bigint * group_size) as short,
    ceil(enrolled / group_size)::bigint * group_size - enrolled as spare
from placed
where enrolled > 0 or below > 0
order by sede_code, grade
