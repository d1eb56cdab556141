-- Sedes ranked by the places their promoted cohorts lack: the totals of sede_places.sql
-- (registered as supply_places) per sede, the grades that are short, and the sede's name,
-- zone and sector from its latest year. $department: a two-digit code, or '' for all.
-- Ties: fewer spare places first (the sede with least room), then the sede code.
with named as (
    select sede_code, arg_max(sede_name, year) as sede_name, arg_max(zone, year) as zone,
           arg_max(sector, year) as sector
    from sede
    group by sede_code
)
select
    p.sede_code,
    n.sede_name,
    p.municipality_code,
    n.zone,
    n.sector,
    sum(p.enrolled)::bigint as enrolled,
    sum(p.venezuelan)::bigint as venezuelan,
    sum(p.places)::bigint as places,
    sum(p.short)::bigint as short,
    sum(p.spare)::bigint as spare,
    coalesce(list(p.grade order by p.grade) filter (where p.short > 0), []) as short_grades,
    bool_or(p.is_synthetic) as is_synthetic
from supply_places p
left join named n using (sede_code)
where $department = '' or starts_with(p.municipality_code, $department)
group by p.sede_code, n.sede_name, p.municipality_code, n.zone, n.sector
order by short desc, spare asc, p.sede_code
