-- Where each input of a needs run came from, as "source (vintage), years used".
select 'out_of_school' as input,
       string_agg(distinct source || ' (' || vintage || ')', '; ') as label
from needs_out_of_school
union all
select 'migrants', string_agg(distinct source || ' (' || vintage || ')', '; ')
from needs_migrants
union all
select 'teachers', string_agg(distinct source || ' (' || vintage || ')', '; ')
from needs_teachers
union all
select 'official', string_agg(distinct 'jiaf-hno (HNO ' || plan_year || ')', '; ')
from needs_official

union all
select 'sedes', string_agg(distinct source || ' (' || year || ')', '; ') from needs_sede_counts
union all
select 'protected_environment',
       case when count(*) > 0 then 'emergencias (' || count(*) || ' municipios)' end
from needs_protected
