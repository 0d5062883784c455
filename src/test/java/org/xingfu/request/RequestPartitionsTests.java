package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

/**
 * Requests are partitioned by month of submission (V49). A new case lands in its month; the queue of open cases and
 * the dashboards' open counts cost a month without open cases two index pages at most (EXPLAIN ANALYZE with
 * buffers), and a count of a period's requests reads only that period's months (EXPLAIN); the rows that point at a
 * case carry its submission time and follow it when it moves.
 */
@XingfuTest
class RequestPartitionsTests {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void aNewCaseLandsInItsMonthAndItsTimelineCarriesItsSubmissionTime() {
		long id = file("分区测试：楼道灯不亮");
		assertThat(jdbc.sql("select tableoid::regclass::text from req_request where id = ?").param(id)
			.query(String.class).single()).isEqualTo("req_request_" + name(LocalDate.now(CHINA)));
		assertThat(jdbc.sql("""
				select count(*) from req_event e join req_request r on r.id = e.request_id
				 where e.request_id = ? and e.request_submitted_at = r.submitted_at""").param(id)
			.query(Long.class).single()).as("the first line of the timeline").isEqualTo(1);
		// the page of the case, read by its id alone across the months
		ApiClient api = new ApiClient(port);
		ApiClient.Response page = api.get("/api/v1/requests/" + id, api.token("jm.caizheng.101"));
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		assertThat(page.json().get("timeline")).hasSize(1);
	}

	@Test
	void theQueueOfOpenCasesCostsAMonthWithoutOpenCasesTwoPagesAtMost() {
		long id = file("分区测试：化粪池外溢");
		ApiClient api = new ApiClient(port);
		ApiClient.Response queue = api.get("/api/v1/requests?status=OPEN&size=100", api.token("sj.caizheng"));
		assertThat(queue.status()).as(queue.body()).isEqualTo(200);
		assertThat(queue.body()).contains("\"id\":" + id);

		// the queue's count and page of open cases, as RequestQueries sends them
		assertOlderMonthsCostTwoPagesAtMost(explain("""
				select count(*) from (select 1 from req_request
				 where node_path >= '/' and node_path < '0' and status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS')
				 limit 10001) t"""));
		assertOlderMonthsCostTwoPagesAtMost(explain("""
				select id from req_request
				 where node_path >= '/' and node_path < '0' and status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS')
				 order by resolve_due_at, id limit 20"""));
	}

	@Test
	void theDashboardsOpenCountsCostAMonthWithoutOpenCasesTwoPagesAtMost() {
		file("分区测试：健身器材松动");
		assertOlderMonthsCostTwoPagesAtMost(explain("""
				select compound_id, count(*) from req_request
				 where node_path >= '/' and node_path < '0' and status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS')
				 group by 1"""));
	}

	@Test
	void theDashboardsCountOfAMonthsRequestsReadsThatMonthOnly() {
		LocalDate month = LocalDate.now(CHINA).withDayOfMonth(1);
		// RequestStatistics' live counts: a city's requests received in a period
		String plan = String.join("\n", jdbc.sql("""
				explain (costs off) select split_part(node_path, '/', 3), count(*) from req_request
				 where city_id = 1 and node_path >= '/' and node_path < '0'
				   and submitted_at >= ?::date::timestamp at time zone 'Asia/Shanghai'
				   and submitted_at < (?::date + interval '1 month')::timestamp at time zone 'Asia/Shanghai'
				 group by 1""").params(month, month).query(String.class).list());
		assertThat(plan).as(plan).contains("req_request_" + name(month))
			.doesNotContain("req_request_" + name(month.minusMonths(1)))
			.doesNotContain("req_request_" + name(month.plusMonths(1)))
			.doesNotContain("req_request_default");
	}

	@Test
	void rowsPointingAtACaseFollowItAndAMissingCaseIsRefused() {
		long id = file("分区测试：车棚漏雨");
		long target = file("分区测试：车棚漏雨（同一件事）");
		// a note of origin written without the submission time gets it from the case (the application gives it; this
		// is the backstop for other writers, which the suite's guard lets through here)
		fillAllowed(() -> jdbc.sql("insert into req_origin (request_id, label, link, city_id) "
				+ "values (?, '测试', '/grid', (select city_id from req_request where id = ?))").params(id, id).update());
		assertThat(jdbc.sql("""
				select o.request_submitted_at = r.submitted_at from req_origin o join req_request r on r.id = o.request_id
				 where o.request_id = ?""").param(id).query(Boolean.class).single()).isTrue();
		// a merge points at the case it joined by id and submission time
		fillAllowed(() -> jdbc.sql("update req_request set merged_into = ? where id = ?").params(target, id).update());
		assertThat(jdbc.sql("""
				select m.merged_into_submitted_at = t.submitted_at from req_request m join req_request t on t.id = m.merged_into
				 where m.id = ?""").param(id).query(Boolean.class).single()).isTrue();
		// both closed, so that they leave the other tests' open cases as they were
		jdbc.sql("update req_request set status = 'CLOSED' where id in (?, ?)").params(id, target).update();

		// a submission time corrected by hand: the keys take no action on update (Citus refuses a cascade on a key
		// that holds the city, V57), so a plain update of a case that rows point at is refused ...
		assertThatThrownBy(() -> jdbc.sql("update req_request set submitted_at = submitted_at - interval '62 days' "
				+ "where id = ?").param(target).update()).isInstanceOf(DataIntegrityViolationException.class);
		// ... and req_move_submission (V58) moves the case to its month with every row that points at it, in one
		// statement: its timeline, and the case merged into it
		long city = jdbc.sql("select city_id from req_request where id = ?").param(target).query(Long.class).single();
		assertThat(jdbc.sql("select req_move_submission(?, ?, (select submitted_at - interval '62 days' "
				+ "from req_request where id = ?))").params(target, city, target).query(Long.class).single())
			.isEqualTo(1);
		LocalDate moved = jdbc.sql("select (submitted_at at time zone 'Asia/Shanghai')::date from req_request where id = ?")
			.param(target).query(LocalDate.class).single();
		assertThat(moved).isBefore(LocalDate.now(CHINA).minusDays(60));
		assertThat(jdbc.sql("select tableoid::regclass::text from req_request where id = ?").param(target)
			.query(String.class).single()).isEqualTo("req_request_" + name(moved));
		assertThat(jdbc.sql("""
				select count(*) from req_event e join req_request r on r.id = e.request_id and r.city_id = e.city_id
				 where e.request_id = ? and e.request_submitted_at = r.submitted_at""").param(target)
			.query(Long.class).single()).as("the timeline, moved").isPositive();
		assertThat(jdbc.sql("""
				select m.merged_into_submitted_at = t.submitted_at from req_request m
				  join req_request t on t.id = m.merged_into and t.city_id = m.city_id where m.id = ?""").param(id)
			.query(Boolean.class).single()).as("the case merged into it points at its new time").isTrue();
		// the merged case moves too, with its note of origin
		assertThat(jdbc.sql("select req_move_submission(?, ?, (select submitted_at - interval '31 days' "
				+ "from req_request where id = ?))").params(id, city, id).query(Long.class).single())
			.isEqualTo(1);
		assertThat(jdbc.sql("""
				select o.request_submitted_at = r.submitted_at from req_origin o
				  join req_request r on r.id = o.request_id and r.city_id = o.city_id where o.request_id = ?""")
			.param(id).query(Boolean.class).single()).as("the note of origin follows").isTrue();
		assertThat(jdbc.sql("""
				select count(*) from req_event e join req_request r on r.id = e.request_id and r.city_id = e.city_id
				 where e.request_id in (?, ?) and e.request_submitted_at <> r.submitted_at""").params(id, target)
			.query(Long.class).single()).isZero();
		// a case asked for in another city is not moved
		assertThat(jdbc.sql("select req_move_submission(?, ?, now())").params(target, city + 1).query(Long.class)
			.single()).isZero();

		// a line for a case that does not exist is refused, as a foreign key refuses it
		assertThatThrownBy(() -> fillAllowed(() -> jdbc.sql("""
				insert into req_summons (request_id, department, summoned_by, summoned_at, acknowledge_due)
				values (-1, '城管局', 'test', now(), now())""").update()))
			.isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("request -1 does not exist");
		assertThatThrownBy(() -> fillAllowed(
				() -> jdbc.sql("update req_request set merged_into = -1 where id = ?").param(target).update()))
			.isInstanceOf(DataIntegrityViolationException.class);
	}

	/**
	 * Every month older than the oldest open case's month costs the query no row and at most two pages (on a large
	 * table: the metapage and root of that month's partial index of open cases, which is empty), or is not read at all. There is at
	 * least one such month. (A bound on submitted_at would prune them from the plan, but measured on 10 million
	 * requests it made the planner leave the covering index and read the table: ten times slower, see V53.)
	 */
	private void assertOlderMonthsCostTwoPagesAtMost(String plan) {
		LocalDate oldestOpen = jdbc.sql("""
				select (min(submitted_at) at time zone 'Asia/Shanghai')::date from req_request
				 where status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS')""").query(LocalDate.class).single();
		String firstNeeded = "req_request_" + name(oldestOpen);
		assertThat(plan).as(plan).contains(firstNeeded);
		Pattern scan = Pattern.compile(" on (req_request_y\\d{4}m\\d{2}) req_request_\\d+ ");
		Pattern buffers = Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");
		String[] lines = plan.split("\n");
		int older = 0;
		for (int i = 0; i < lines.length; i++) {
			Matcher m = scan.matcher(lines[i]);
			if (!m.find() || m.group(1).compareTo(firstNeeded) >= 0) {
				continue;
			}
			older++;
			String node = lines[i];
			if (node.contains("never executed")) {
				continue;
			}
			assertThat(node).as("a month before the oldest open case has none: " + plan).contains("actual rows=0 ");
			int pages = 0;
			for (int k = i + 1; k < lines.length && !lines[k].contains("->"); k++) {
				Matcher b = buffers.matcher(lines[k]);
				if (b.find()) {
					pages = (b.group(1) == null ? 0 : Integer.parseInt(b.group(1)))
							+ (b.group(2) == null ? 0 : Integer.parseInt(b.group(2)));
				}
			}
			assertThat(pages).as("pages read in " + m.group(1) + ": " + plan).isLessThanOrEqualTo(2);
		}
		assertThat(older).as("months before the oldest open case: " + plan).isPositive();
	}

	private String explain(String sql) {
		List<String> lines = jdbc.sql("explain (analyze, buffers, costs off, timing off, summary off) " + sql)
			.query(String.class).list();
		return String.join("\n", lines);
	}

	private long file(String title) {
		return new ApiClient(port).fileRequest("jm.caizheng.101", title, "请物业尽快来看看，谢谢。");
	}

	private static String name(LocalDate day) {
		return day.withDayOfMonth(1).format(DateTimeFormatter.ofPattern("'y'yyyy'm'MM"));
	}

	/** Runs {@code statement} where the suite's guard lets the database fill what a writer left out (db/test-callbacks). */
	private void fillAllowed(Runnable statement) {
		transaction.executeWithoutResult(status -> {
			jdbc.sql("set local xingfu.city_fill = 'on'").update();
			statement.run();
		});
	}
}
