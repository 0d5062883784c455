-- Notices other modules post may carry a table: the post-use notice of the maintenance fund lists every benefiting
-- household's share (a whole compound is about 1,000 lines). Staff-written notices stay limited to 20,000 characters
-- by the form and the API.
alter table ntc_notice alter column body type varchar(100000);
