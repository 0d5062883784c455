-- Distributes Xingfu's schema on Citus by city (issue 11, part 4; docs/scale-out.md section 6).
-- Run once with psql on the coordinator, after the application has made or migrated the schema (Flyway, V54 or
-- later) and before it serves users. The lists match DistributionKeyTests; CitusScriptTests runs this script against
-- stand-ins for the three Citus functions and checks that each table is placed once, parents before children.
do $citus$
declare
    -- the same in every city and small: a copy on every node
    reference text[] := array['req_category', 'req_calendar_day', 'req_setting', 'req_time_limit',
        'grd_care_category', 'grd_inspection_kind', 'prop_checklist_item', 'rtg_dimension', 'rtg_indicator',
        'rtg_star_level', 'org_role_title', 'idn_username'];
    -- the installation's machinery: stays on the coordinator, known to Citus so that queries may join it
    local text[] := array['flyway_schema_history', 'shedlock', 'spring_session', 'spring_session_attributes',
        'event_publication', 'req_rates_rollup', 'cmp_code_secret', 'aud_entry', 'aud_key'];
    pending text[];
    t text;
    placed boolean;
begin
    -- Citus routes an insert by its city before any trigger could fill it in: the application gives it (V54)
    for t in select tgrelid::regclass::text from pg_trigger where tgname = 'xf_city_id' and tgparentid = 0 loop
        execute format('drop trigger xf_city_id on %s', t);
    end loop;
    -- a new node's path and city: the application gives them from the parent (OrganizationManagement)
    drop trigger org_node_path_trg on org_node;
    -- the parent's time of the rows that point at a request or a field log: the application gives it (V49, V50)
    for t in select format('%I on %s', tgname, tgrelid::regclass) from pg_trigger
              where tgparentid = 0 and tgfoid in ('xf_request_submitted_at'::regproc,
                    'xf_request_merged_into_submitted_at'::regproc, 'xf_grid_log_logged_at'::regproc) loop
        execute 'drop trigger ' || t;
    end loop;
    foreach t in array reference loop
        perform create_reference_table(t::regclass);
    end loop;
    foreach t in array local loop
        perform citus_add_local_table_to_metadata(t::regclass);
    end loop;
    -- the tree of the city first: every other table is placed beside it, so a city's rows share a node
    perform create_distributed_table('org_node'::regclass, 'city_id');
    select array_agg(c.relname::text order by c.relname) into pending
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
       and c.relname <> all (reference || local || array['org_node']);
    -- a table whose foreign keys point only at placed tables is placed next (a partitioned table takes its months)
    while cardinality(pending) > 0 loop
        placed := false;
        foreach t in array pending loop
            if not exists (select 1 from pg_constraint k
                            where k.conrelid = t::regclass and k.contype = 'f' and k.confrelid <> k.conrelid
                              and k.confrelid::regclass::text = any (pending)) then
                perform create_distributed_table(t::regclass, 'city_id', colocate_with => 'org_node');
                pending := array_remove(pending, t);
                placed := true;
            end if;
        end loop;
        if not placed then
            raise exception 'foreign keys go round in a circle among %', pending;
        end if;
    end loop;
end $citus$;
