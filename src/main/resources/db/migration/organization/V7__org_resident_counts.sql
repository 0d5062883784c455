-- Counting residents below a node must be cheap at city scale (755,000 people): a flag and a partial index on the
-- registered home path replace a distinct count over the residency join.
alter table org_person add column resident boolean not null default false;
update org_person p set resident = true where exists (select 1 from org_residency r where r.person_id = p.id);
create index org_person_resident_idx on org_person (home_path) where resident;
