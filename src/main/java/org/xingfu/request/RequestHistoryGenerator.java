package org.xingfu.request;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * For benchmarks: {@code --xingfu.demo.requests=1000000} gives the demo city, when the demo loader makes it, a year
 * of past requests spread over its households (85% closed and rated, 5% rejected, 10% still open), in batches of
 * 100,000 rows generated inside PostgreSQL, and their timelines unless {@code xingfu.demo.requests-timeline=false}.
 * {@code xingfu.demo.requests-open-days} keeps the open ones within that many days (a year by default). It writes
 * into the city it is given only.
 */
@Component
public class RequestHistoryGenerator {

	private static final Logger log = LoggerFactory.getLogger(RequestHistoryGenerator.class);

	private final JdbcClient jdbc;
	private final TransactionTemplate transaction;
	private final int requests;
	private final int openDays;
	private final boolean timeline;

	RequestHistoryGenerator(JdbcClient jdbc, TransactionTemplate transaction,
			@Value("${xingfu.demo.requests:0}") int requests,
			@Value("${xingfu.demo.requests-open-days:365}") int openDays,
			@Value("${xingfu.demo.requests-timeline:true}") boolean timeline) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.requests = requests;
		this.openDays = openDays;
		this.timeline = timeline;
	}

	/** Generates the configured number of past requests in this city (none unless {@code xingfu.demo.requests}). */
	public void generate(long cityId) {
		if (requests <= 0) {
			return;
		}
		long started = System.nanoTime();
		log.info("Generating {} past requests", requests);
		// the year's months first, or it would land in the default partition (V49)
		for (String table : List.of("req_request", "req_event")) {
			jdbc.sql("select xf_ensure_monthly_partitions(?::regclass, (now() - interval '366 days')::date, 3)")
				.param(table).query(Integer.class).single();
		}
		for (int done = 0; done < requests; done += 100_000) {
			int batch = Math.min(100_000, requests - done);
			transaction.executeWithoutResult(s -> jdbc.sql("""
					-- households numbered and joined by a random number: picking from an array of paths walks the
					-- array to the element each time (10 million requests were on course for 100 minutes that way,
					-- they took 18 this way)
					with h as (select path, (row_number() over (order by id))::int as rn from org_node
					            where type = 'HOUSEHOLD' and city_id = :city),
					     c as (select array_agg(code order by sort_order) as codes from req_category),
					     f as (select i, random() as fate,
					                  1 + floor(random() * (select count(*) from org_node where type = 'HOUSEHOLD' and city_id = :city))::int as pick
					             from generate_series(1, :batch) as i),
					     -- the cases still open were filed in the last :openDays days (a year by default);
					     -- "i * 0" ties each pick to its row: an uncorrelated sub-select would run once for all rows
					     g as (select h.path,
					                  c.codes[1 + floor(random() * 17)::int + i * 0] as category,
					                  now() - random() * (case when fate >= 0.90 then :openDays else 365 end)
					                          * interval '1 day' as at,
					                  fate, random() as mood, random() as speed
					             from f join h on h.rn = f.pick, c)
					insert into req_request (city_id, node_id, node_path, compound_id, level, level_node_id, category, urgency,
					  title, description, status, channel, submitted_by, owner_username, first_accept_due_at, accept_due_at,
					  resolve_due_at, first_accepted_at, accepted_at, resolved_at, confirmed_at, closed_at, satisfaction,
					  submitted_at, level_entered_at, updated_at)
					select split_part(path, '/', 2)::bigint, split_part(path, '/', 8)::bigint, path,
					       split_part(path, '/', 5)::bigint, 'COMPOUND', split_part(path, '/', 5)::bigint, category, 'GENERAL',
					       '历史诉求', '批量生成的历史诉求，用于性能测试',
					       case when fate < 0.85 then 'CLOSED' when fate < 0.90 then 'REJECTED'
					            when fate < 0.95 then 'ACCEPTED' else 'SUBMITTED' end,
					       'RESIDENT', 'history', case when fate < 0.95 then 'history' end,
					       at + interval '24 hours', at + interval '24 hours', at + interval '7 days',
					       case when fate < 0.95 then at + speed * interval '30 hours' end,
					       case when fate < 0.95 then at + speed * interval '30 hours' end,
					       case when fate < 0.85 then at + interval '3 days' end,
					       case when fate < 0.80 then at + interval '4 days' end,
					       case when fate < 0.90 then at + interval '4 days' end,
					       case when fate < 0.70 then (case when mood < 0.8 then 'SATISFIED' when mood < 0.95
					            then 'BASICALLY_SATISFIED' else 'DISSATISFIED' end) end,
					       at, at, at
					  from g""").param("batch", batch).param("openDays", openDays).param("city", cityId).update());
		}
		// each case's timeline, so case pages and the timeline's indexes look like a year of real use (a province-scale
		// benchmark may leave it out: it is three or four rows a case)
		if (timeline) {
			transaction.executeWithoutResult(s -> jdbc.sql("""
					insert into req_event (request_id, request_submitted_at, at, actor, type, from_status, to_status, note, city_id)
					select id, submitted_at, submitted_at, 'history', 'SUBMITTED', null, 'SUBMITTED', 'RESIDENT', city_id from req_request
					 where city_id = :city and submitted_by = 'history'
					union all
					select id, submitted_at, accepted_at, 'history', 'ACCEPTED', 'SUBMITTED', 'ACCEPTED', null, city_id from req_request
					 where city_id = :city and submitted_by = 'history' and accepted_at is not null
					union all
					select id, submitted_at, coalesce(resolved_at, closed_at), 'history', case when status = 'REJECTED' then 'REJECTED' else 'RESOLVED' end,
					       'ACCEPTED', case when status = 'REJECTED' then 'REJECTED' else 'RESOLVED' end, null, city_id
					  from req_request
					 where city_id = :city and submitted_by = 'history' and (resolved_at is not null or status = 'REJECTED')
					union all
					select id, submitted_at, confirmed_at, 'history', 'CONFIRMED', 'RESOLVED', 'CLOSED', satisfaction, city_id from req_request
					 where city_id = :city and submitted_by = 'history' and confirmed_at is not null
					order by 1, 3""").param("city", cityId).update());
		}
		// the planner's statistics at once, not when autovacuum comes by (the application's role owns no table:
		// xf_analyze runs as the owner, V60)
		jdbc.sql("select xf_analyze('req_request'), xf_analyze('req_event')").query().singleRow();
		log.info("Generated {} past requests in {} ms", requests, (System.nanoTime() - started) / 1_000_000);
	}
}
