-- The inputs of a needs run, one row per municipality (the geography's, plus any OCHA
-- lists): each named indicator's base value for $year, or, when that year is missing, the
-- nearest earlier year, else the nearest later one (the year used is kept beside it).
-- needs_out_of_school: uis_tasa_fuera_escuela (numerator = children 5–16 not enrolled,
-- denominator = DANE population 5–16); needs_migrants: migrantes_por_1000 (numerator =
-- Venezuelan migrants, denominator = the population Migración Colombia divides by);
-- needs_teachers: estudiantes_por_docente rolled up from the sedes; needs_official: OCHA's
-- latest HNO cycle; needs_sedes: the sedes of each municipality (sedes.sql);
-- needs_protected: the sedes the year's emergencies hit (passed by the web app).
with places as (
    select code, name, department_code, department_name from needs_places
    union
    select o.code, o.name, substr(o.code, 1, 2), null
    from needs_official o
    where o.code not in (select code from needs_places)
),
nearest_out as (
    select area_code, year, denominator as population, value as rate
    from needs_out_of_school
    qualify row_number() over (
        partition by area_code order by (year > $year), abs(year - $year)
    ) = 1
),
nearest_migrants as (
    select area_code, year, numerator as migrants, denominator as total_population
    from needs_migrants
    qualify row_number() over (
        partition by area_code order by (year > $year), abs(year - $year)
    ) = 1
),
nearest_teachers as (
    select area_code, year, value as students_per_teacher, source
    from needs_teachers
    qualify row_number() over (
        partition by area_code order by (year > $year), abs(year - $year)
    ) = 1
)
select
    p.code,
    p.name,
    p.department_code,
    p.department_name,
    o.population as school_age_population,
    o.rate as out_of_school_rate,
    o.year as out_of_school_year,
    t.students_per_teacher,
    t.year as teachers_year,
    t.source as teachers_source,
    m.migrants,
    m.total_population,
    m.year as migrants_year,
    f.pin_education as official_pin,
    f.severity_education as official_severity,
    f.plan_year as official_plan_year,
    s.sedes,
    s.year as sedes_year,
    a.sedes_affected
from places p
left join nearest_out o on o.area_code = p.code
left join nearest_migrants m on m.area_code = p.code
left join nearest_teachers t on t.area_code = p.code
left join needs_official f on f.code = p.code
left join needs_sedes s on s.area_code = p.code
left join (
    select municipality_code, sum(sedes_affected) as sedes_affected
    from needs_protected group by municipality_code
) a on a.municipality_code = p.code
order by p.code
