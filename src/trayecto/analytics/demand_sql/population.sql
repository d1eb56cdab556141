-- DANE's population by municipality, age band and sex for the year nearest $year (an
-- earlier one first), ages 5 to 16.
with chosen as (
    select area_code, year, vintage
    from (select distinct area_code, year, vintage from population
          where level = 'municipality' and area_code in (select unnest($codes::varchar[])))
    qualify row_number() over (
        partition by area_code order by (year > $year), abs(year - $year), vintage desc
    ) = 1
)
select p.area_code as code, p.year,
       case when p.age = 5 then '5' when p.age <= 10 then '6–10'
            when p.age <= 14 then '11–14' else '15–16' end as band,
       p.sex, sum(p.population)::double as population
from population p
join chosen c using (area_code, year, vintage)
where p.level = 'municipality' and p.age between 5 and 16
group by all
order by code, band, sex
