-- Every level at once: an indicator's units folded by municipality (aggregate_units.sql)
-- summed to municipality, ETC, department and nation for every year and sex in one pass
-- (grouping sets), by the rules of aggregate.sql, which sums one level, year and sex and is
-- kept as the reference this query is tested against (tests/analytics/test_one_pass.py).
-- Numerators and denominators are summed, never rates averaged. A unit belongs to the ETC
-- its source row names, else to the ETC MEN assigns its municipality that year (nearest
-- earlier year, else the first known), else to its parent municipality's; to the
-- department of its first two digits. Units no ETC takes come back with a null area_code
-- at level 'etc' (reported, never lost). $with_etc false (no municipality_etc imported)
-- leaves the ETC level out.
-- Provenance (source, vintage, method) is carried as a small integer per distinct
-- combination and turned back into text once per distinct set: ordered distinct string
-- aggregates in every one of thousands of groups cost twice the rest of the query.
with provenance as (
    -- numbered in a stated order: Spark numbers no rows in an unordered window
    select source, vintage, method, is_estimated,
           (row_number() over (order by source, vintage, method, is_estimated))::integer as pid
    from (select distinct source, vintage, method, is_estimated from indicator_units)
),
units as (
    select u.* exclude (source, vintage, method, is_estimated), p.pid
    from indicator_units u
    join provenance p
      on p.source is not distinct from u.source
     and p.vintage is not distinct from u.vintage
     and p.method is not distinct from u.method
     and p.is_estimated = u.is_estimated
),
needed as (
    select distinct b.municipality_code, b.year, p.parent_code
    from units b
    left join parent_map p using (municipality_code)
    where $with_etc
),
etc_own as (
    select n.municipality_code, n.year, n.parent_code,
           coalesce(
               arg_max(m.etc_code, m.year) filter (where m.year <= n.year),
               arg_min(m.etc_code, m.year)
           ) as etc_code
    from needed n
    left join etc_map m on m.municipality_code = n.municipality_code
    group by n.municipality_code, n.year, n.parent_code
),
etc_by_year as (
    select o.municipality_code, o.year,
           coalesce(
               o.etc_code,
               arg_max(m.etc_code, m.year) filter (where m.year <= o.year),
               arg_min(m.etc_code, m.year)
           ) as etc_code
    from etc_own o
    left join etc_map m on o.etc_code is null and m.municipality_code = o.parent_code
    group by o.municipality_code, o.year, o.etc_code
),
placed as (
    select b.*,
           coalesce(b.etc_code, e.etc_code) as etc_target,
           substr(b.municipality_code, 1, 2) as department_code
    from units b
    left join etc_by_year e using (municipality_code, year)
),
summed as (
    select
        case
            when grouping(municipality_code) = 0 then 'municipality'
            when grouping(etc_target) = 0 then 'etc'
            when grouping(department_code) = 0 then 'department'
            else 'nation'
        end as level,
        case
            when grouping(municipality_code) = 0 then municipality_code
            when grouping(etc_target) = 0 then etc_target
            when grouping(department_code) = 0 then department_code
            else 'CO'
        end as area_code,
        year,
        sex,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        sum(units)::bigint as units,
        sum(units_with_value)::bigint as units_with_value,
        list_sort(list_distinct(list(pid))) as pids,
        list_sort(list_distinct(list(municipality_code) filter (where etc_target is null)))
            as municipalities
    from placed
    group by grouping sets (
        (municipality_code, year, sex),
        (etc_target, year, sex),
        (department_code, year, sex),
        (year, sex)
    )
),
labels as (
    select
        s.pids,
        string_agg(distinct p.source, ', ' order by p.source) as source,
        string_agg(distinct p.vintage, ', ' order by p.vintage) as vintage,
        bool_or(p.is_estimated) as any_estimated,
        -- string_agg skips nulls: no filter, which Spark's listagg cannot take with distinct
        string_agg(distinct p.method, ' | ' order by p.method)
            as base_method
    -- unnested in the select list, not as a lateral join: the form Spark reads too
    from (select pids, unnest(pids) as pid from (select distinct pids from summed)) s
    join provenance p on p.pid = s.pid
    group by s.pids
)
select
    s.level, s.area_code, s.year, s.sex, s.numerator, s.denominator, s.units,
    s.units_with_value, l.source, l.vintage, l.any_estimated, l.base_method,
    case when s.area_code is null then s.municipalities end as unplaced_municipalities
from summed s
join labels l using (pids)
where $with_etc or s.level <> 'etc'
order by s.level, s.area_code nulls last, s.year, s.sex nulls first
