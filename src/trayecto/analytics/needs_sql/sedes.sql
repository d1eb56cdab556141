-- The sedes of every municipality, the denominator of the protected environment: MEN's
-- count (sede_summary_municipality) when imported, else the sedes of the sede tables
-- other than the emergencies' lists (a list of affected sedes is not all the sedes); the
-- year nearest $year, an earlier one first.
select area_code, year, sedes::double as sedes
from needs_sede_counts
qualify row_number() over (
    partition by area_code order by (year > $year), abs(year - $year)
) = 1
