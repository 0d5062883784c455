-- ID-card numbers are kept sealed (AES-GCM, issue 24, PIPL): the sealed form is longer than 18 characters. The values
-- already there are sealed by the application at its next start (it holds the key; the database never does).
alter table cmp_assist_item alter column id_number type text;
