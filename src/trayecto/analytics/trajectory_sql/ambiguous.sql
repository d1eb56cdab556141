-- ambiguous: records of two years (`link_left`, `link_right`) left unmatched by document
-- whose name/birth/sex pseudonym is on both sides but not once on each: not linked.
with rest_left as (select * from link_left anti join link_right using (student_id)),
rest_right as (select * from link_right anti join link_left using (student_id)),
left_count as (select link_id, count(*) as n from rest_left group by link_id),
right_count as (select link_id, count(*) as n from rest_right group by link_id)
select coalesce(sum(l.n + r.n), 0)::bigint as records
from left_count l join right_count r using (link_id)
where l.n > 1 or r.n > 1
