package org.xingfu.system;

/**
 * The two roles of a locked-down database (issue 24, docs/operations.md): {@code xingfu_owner} owns the schema and
 * runs the migrations; {@code xingfu_app}, which the server connects as, reads and writes data and nothing more.
 * What it may do is granted after every migration ({@code db/migration/afterMigrate__grants.sql}).
 */
final class DatabaseRoles {

	private DatabaseRoles() {
	}

	/**
	 * A database of an earlier version has every object owned by the superuser: each table, sequence of its own and
	 * function of the schema goes to the owner role (tables take their indexes, identity sequences and partitions
	 * one by one). Objects of extensions stay where they are.
	 */
	static final String REASSIGN_TO_OWNER = """
			do $$
			declare r record;
			begin
			  -- tables with their partitions (each its own owner), views; sequences of their own (those of a column
			  -- go with their table); nothing that belongs to an extension
			  for r in select c.oid::regclass as rel, c.relkind from pg_class c
			            where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S')
			              and pg_get_userbyid(c.relowner) <> 'xingfu_owner'
			              and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
			                               and d.objid = c.oid and d.deptype = 'e')
			              and not (c.relkind = 'S' and exists (select 1 from pg_depend d
			                               where d.classid = 'pg_class'::regclass and d.objid = c.oid
			                                 and d.refobjsubid > 0 and d.deptype in ('a', 'i')))
			            order by c.relkind = 'S', c.relispartition loop
			    execute format('alter %s %s owner to xingfu_owner',
			                   case r.relkind when 'S' then 'sequence' when 'v' then 'view'
			                                  when 'm' then 'materialized view' else 'table' end, r.rel);
			  end loop;
			  for r in select p.oid::regprocedure as fn, p.prokind from pg_proc p
			            where p.pronamespace = 'public'::regnamespace and pg_get_userbyid(p.proowner) <> 'xingfu_owner'
			              and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
			                               and d.objid = p.oid and d.deptype = 'e') loop
			    execute format('alter %s %s owner to xingfu_owner',
			                   case r.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end, r.fn);
			  end loop;
			end $$""";
}
