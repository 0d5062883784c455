-- A person's ID-card number, when one is kept, is sealed like every other (issue 24): room for the sealed form.
alter table org_person alter column id_number type text;
