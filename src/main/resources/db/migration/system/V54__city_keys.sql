-- Every table of a city carries city_id in its primary key, its unique keys and its foreign keys (issue 11, part 4;
-- ADR 0016, docs/scale-out.md section 6), so that Citus can distribute the schema by city: rows of one city sit
-- together, and a key or a join within a city is answered by one node.
--
-- city_id comes last in each key: (id, city_id). A lookup by id alone then still reads the key's index by its first
-- column, as before, so plain PostgreSQL pays nothing for the wider key.
--
-- Tables that had no city_id get it here, filled from the row they belong to. A trigger fills it on insert, so the
-- writers stay as they were. It runs before ON CONFLICT is decided, so a conflict target that names city_id works
-- although the statement leaves it out. A missing parent is refused with SQLSTATE 23503, as the foreign key did. A
-- row without a parent (an account without a person) takes the only city when the installation has one.
-- Shared lookups (reference tables) and the installation's machinery (local tables) are left as they are; the
-- lists are in DistributionKeyTests.

-- the city of an installation that has exactly one; null when it has none or several
create function xf_only_city() returns bigint language sql stable as $$
    select case when count(*) = 1 then min(id) end from org_node where parent_id is null
$$;

-- Usernames are unique across cities, but a distributed unique index must hold the distribution column. The
-- directory of usernames is a small reference table, written with the account (AccountRepository).
create table idn_username (
    username varchar(64) primary key,
    city_id  bigint not null
);

do $do$
declare
    -- table, the table its city comes from, the column here, the column there, whether a foreign key joins them.
    -- Parents come before their children: a child is filled from its parent's new column.
    spec text[][] := array[
        ['cmp_assist_item', 'cmp_assist_check', 'check_id', 'id', 'fk'],
        ['cmp_campaign_node', 'cmp_campaign', 'campaign_id', 'id', 'fk'],
        ['cmp_checkin', 'cmp_campaign', 'campaign_id', 'id', 'fk'],
        ['cmp_dispatch', 'cmp_campaign', 'campaign_id', 'id', 'fk'],
        ['cmp_site', 'cmp_campaign', 'campaign_id', 'id', 'fk'],
        ['cmp_tally', 'cmp_campaign', 'campaign_id', 'id', 'fk'],
        ['cmp_target', 'cmp_campaign', 'campaign_id', 'id', 'fk'],
        ['dlb_action', 'dlb_meeting', 'meeting_id', 'id', 'fk'],
        ['dlb_agenda_item', 'dlb_meeting', 'meeting_id', 'id', 'fk'],
        ['dlb_participant', 'dlb_meeting', 'meeting_id', 'id', 'fk'],
        ['dlb_review', 'dlb_meeting', 'meeting_id', 'id', 'fk'],
        ['dlb_support', 'dlb_topic', 'topic_id', 'id', 'fk'],
        ['fund_application_building', 'fund_application', 'application_id', 'id', 'fk'],
        ['fund_evidence', 'fund_application', 'application_id', 'id', 'fk'],
        ['fund_share', 'fund_application', 'application_id', 'id', 'fk'],
        ['grd_dispute_session', 'grd_dispute', 'dispute_id', 'id', 'fk'],
        ['grd_inspection_photo', 'grd_inspection', 'inspection_id', 'id', 'fk'],
        ['grd_log_key', 'grd_log', 'log_id', 'id', 'fk'],
        ['grd_log_photo', 'grd_log', 'log_id', 'id', 'fk'],
        ['idn_account', 'org_person', 'person_id', 'id', 'fk'],
        ['mtc_photo', 'mtc_demand', 'demand_id', 'id', 'fk'],
        ['ntc_attachment', 'ntc_notice', 'notice_id', 'id', 'fk'],
        ['ntc_objection', 'ntc_notice', 'notice_id', 'id', 'fk'],
        ['ntf_notification', 'org_person', 'person_id', 'id', 'no'],
        ['ntf_preference', 'org_person', 'person_id', 'id', 'no'],
        ['org_grid_building', 'org_grid', 'grid_id', 'id', 'fk'],
        ['org_party_member', 'org_party_org', 'party_org_id', 'id', 'fk'],
        ['org_property_service', 'org_node', 'compound_id', 'id', 'fk'],
        ['org_residency', 'org_household', 'household_id', 'node_id', 'fk'],
        ['org_role_assignment', 'org_person', 'person_id', 'id', 'fk'],
        ['prop_company_profile', 'org_property_company', 'company_id', 'id', 'fk'],
        ['prop_inspection_item', 'prop_inspection', 'inspection_id', 'id', 'fk'],
        ['prop_nomination', 'prop_award', 'award_id', 'id', 'fk'],
        ['prop_survey_answer', 'prop_survey', 'survey_id', 'id', 'fk'],
        ['prop_welfare_member', 'prop_welfare_team', 'team_id', 'id', 'fk'],
        ['prop_welfare_team_compound', 'prop_welfare_team', 'team_id', 'id', 'fk'],
        ['ren_acceptance_step', 'ren_project', 'project_id', 'id', 'fk'],
        ['ren_defect', 'ren_project', 'project_id', 'id', 'fk'],
        ['ren_milestone', 'ren_project', 'project_id', 'id', 'fk'],
        ['ren_opinion', 'ren_project', 'project_id', 'id', 'fk'],
        ['ren_project_compound', 'ren_project', 'project_id', 'id', 'fk'],
        ['ren_scope_item', 'ren_project', 'project_id', 'id', 'fk'],
        ['req_event', 'req_request', 'request_id', 'id', 'fk'],
        ['req_idempotency', 'req_request', 'request_id', 'id', 'fk'],
        ['req_origin', 'req_request', 'request_id', 'id', 'fk'],
        ['req_photo', 'req_request', 'request_id', 'id', 'fk'],
        ['req_summons', 'req_request', 'request_id', 'id', 'fk'],
        ['req_open311_client', 'org_node', 'node_id', 'id', 'fk'],
        ['req_rates_daily', 'org_node', 'compound_id', 'id', 'no'],
        ['rtg_month', 'org_node', 'compound_id', 'id', 'fk'],
        ['vol_activity', 'org_node', 'community_id', 'id', 'no'],
        ['vol_team', 'org_node', 'community_id', 'id', 'no'],
        ['vot_roll', 'vot_ballot', 'ballot_id', 'id', 'fk'],
        ['vot_vote', 'vot_ballot', 'ballot_id', 'id', 'fk'],
        ['wsh_claim', 'wsh_wish', 'wish_id', 'id', 'fk'],
        ['wsh_photo', 'wsh_wish', 'wish_id', 'id', 'fk'],
        ['cmp_dispatch_recipient', 'cmp_dispatch', 'dispatch_id', 'id', 'fk'],
        ['idn_token', 'idn_account', 'account_id', 'id', 'fk'],
        ['ntf_delivery', 'ntf_notification', 'notification_id', 'id', 'fk'],
        ['prop_nomination_review', 'prop_nomination', 'nomination_id', 'id', 'fk'],
        ['prop_welfare_duty', 'prop_welfare_member', 'member_id', 'id', 'fk'],
        ['prop_welfare_log', 'prop_welfare_member', 'member_id', 'id', 'fk'],
        ['vol_points', 'idn_account', 'username', 'username', 'no'],
        ['vol_profile', 'idn_account', 'username', 'username', 'no'],
        ['vol_signup', 'vol_activity', 'activity_id', 'id', 'fk'],
        ['vol_team_member', 'vol_team', 'team_id', 'id', 'fk'],
        ['prop_welfare_log_photo', 'prop_welfare_log', 'log_id', 'id', 'fk']];
    s text[];
    missing bigint;
    k record;
    fks text[][] := '{}';
    f text[];
    cols text;
begin
    -- 1. the column, its value, and the trigger that fills it on insert
    foreach s slice 1 in array spec loop
        execute format('alter table %I add column city_id bigint', s[1]);
        execute format('update %I c set city_id = p.city_id from %I p where p.%I = c.%I', s[1], s[2], s[4], s[3]);
        execute format('update %I set city_id = xf_only_city() where city_id is null', s[1]);
        execute format('select count(*) from %I where city_id is null', s[1]) into missing;
        if missing > 0 then
            raise exception '% rows of % belong to no city', missing, s[1];
        end if;
        execute format('alter table %I alter column city_id set not null', s[1]);
        execute format($f$
            create function %1$I() returns trigger language plpgsql as $t$
            begin
                if new.city_id is null then
                    select city_id into new.city_id from %2$I where %4$I = new.%3$I;
                    if new.city_id is null and new.%3$I is not null and %5$L = 'fk' then
                        raise foreign_key_violation using message = format('%%s %%s does not exist', %2$L, new.%3$I);
                    end if;
                    if new.city_id is null then
                        new.city_id := xf_only_city();
                    end if;
                end if;
                return new;
            end $t$ $f$, 'xf_city_id_' || s[1], s[2], s[3], s[4], s[5]);
        execute format('create trigger xf_city_id before insert on %I for each row execute function %I()',
                       s[1], 'xf_city_id_' || s[1]);
    end loop;

    insert into idn_username (username, city_id) select username, city_id from idn_account;

    -- 2. the foreign keys between city tables go, and come back with city_id on both sides after the keys below
    for k in select c.conrelid::regclass::text as tbl, c.confrelid::regclass::text as ref, c.conname,
                    (select string_agg(quote_ident(a.attname), ', ' order by u.n) from unnest(c.conkey)
                            with ordinality u(attnum, n) join pg_attribute a
                            on a.attrelid = c.conrelid and a.attnum = u.attnum) as cols,
                    (select string_agg(quote_ident(a.attname), ', ' order by u.n) from unnest(c.confkey)
                            with ordinality u(attnum, n) join pg_attribute a
                            on a.attrelid = c.confrelid and a.attnum = u.attnum) as refcols,
                    c.confupdtype, c.confdeltype
               from pg_constraint c
              where c.contype = 'f' and c.conparentid = 0
                and exists (select 1 from pg_attribute a where a.attrelid = c.conrelid and a.attname = 'city_id')
                and exists (select 1 from pg_attribute a where a.attrelid = c.confrelid and a.attname = 'city_id')
    loop
        if k.confdeltype in ('n', 'd') or k.confupdtype in ('n', 'd') then
            -- setting the columns to null or default would set city_id too
            raise exception 'foreign key % sets null or default', k.conname;
        end if;
        fks := fks || array[[k.tbl, k.conname, k.cols, k.ref, k.refcols,
                             case k.confupdtype when 'c' then ' on update cascade' else '' end
                             || case k.confdeltype when 'c' then ' on delete cascade' else '' end]];
        execute format('alter table %s drop constraint %I', k.tbl, k.conname);
    end loop;

    -- 3. primary keys and unique keys of city tables with city_id last
    for k in select c.relname, p.conname,
                    (select string_agg(quote_ident(a.attname), ', ' order by u.n) from unnest(p.conkey)
                            with ordinality u(attnum, n) join pg_attribute a
                            on a.attrelid = p.conrelid and a.attnum = u.attnum) as cols
               from pg_class c join pg_namespace n on n.oid = c.relnamespace
               join pg_constraint p on p.conrelid = c.oid and p.contype = 'p'
              where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
                and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'city_id')
    loop
        execute format('alter table %I drop constraint %I', k.relname, k.conname);
        execute format('alter table %I add constraint %I primary key (%s, city_id)', k.relname, k.conname, k.cols);
    end loop;
    for k in select c.relname, i.relname as idx, replace(pg_get_indexdef(i.oid), ' ON ONLY ', ' ON ') as def,
                    (select conname from pg_constraint where conindid = i.oid and contype = 'u') as con
               from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid
               join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = current_schema() and x.indisunique and not x.indisprimary and not c.relispartition
                and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'city_id')
                and not exists (select 1 from unnest(x.indkey) u(attnum) join pg_attribute a
                                  on a.attrelid = c.oid and a.attnum = u.attnum where a.attname = 'city_id')
    loop
        if k.def !~ 'USING btree \([a-z_, ]+\)' then
            raise exception 'unique index % is not a plain list of columns: %', k.idx, k.def;
        end if;
        if k.con is not null then
            execute format('alter table %I drop constraint %I', k.relname, k.con);
        else
            execute format('drop index %I', k.idx);
        end if;
        execute regexp_replace(k.def, 'USING btree \(([a-z_, ]+)\)', 'USING btree (\1, city_id)');
    end loop;

    -- 4. the foreign keys again, by city
    foreach f slice 1 in array fks loop
        execute format('alter table %s add constraint %I foreign key (%s, city_id) references %s (%s, city_id)%s',
                       f[1], f[2], f[3], f[4], f[5], f[6]);
    end loop;
end $do$;
