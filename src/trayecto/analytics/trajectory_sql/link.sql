-- link: pairs of students of two years (`link_left`, `link_right`: student_id, link_id).
-- First by the document pseudonym; then, among the records left unmatched on both sides,
-- by the name/birth/sex pseudonym when it appears exactly once on each side (this links a
-- student whose NES number was replaced by a PPT number). Ambiguous pseudonyms link no one.
with by_document as (
    select l.student_id as left_id, r.student_id as right_id, 'document' as stage
    from link_left l join link_right r on r.student_id = l.student_id
),
rest_left as (select * from link_left anti join link_right using (student_id)),
rest_right as (select * from link_right anti join link_left using (student_id)),
left_count as (
    select link_id, count(*) as n, any_value(student_id) as student_id
    from rest_left group by link_id
),
right_count as (
    select link_id, count(*) as n, any_value(student_id) as student_id
    from rest_right group by link_id
)
select left_id, right_id, stage from by_document
union all
select l.student_id, r.student_id, 'name'
from left_count l join right_count r using (link_id)
where l.n = 1 and r.n = 1
