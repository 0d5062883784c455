package org.xingfu.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.SecondDatabase;
import org.xingfu.XingfuApplication;
import org.xingfu.XingfuTest;
import org.xingfu.shared.ActionRecorded;

/**
 * Issue 24, part 8: what a database administrator might do to the audit log, each on a copy of one sealed and anchored
 * log, and {@code --xingfu.audit.verify} (the console command) finding it: entries cut off the end, a month dropped,
 * and the chain recomputed after an entry was changed. The key and the anchors are outside the database, where the
 * administrator cannot reach.
 */
@XingfuTest
class AuditTamperingTests {

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	@Autowired
	DataSource suite;

	@Test
	void cuttingTheEndDroppingAMonthAndRecomputingTheChainAreEachFound() throws Exception {
		try (SecondDatabase db = SecondDatabase.create(suite, "xf_audit")) {
			LocalDate thisMonth = LocalDate.now(CHINA).withDayOfMonth(1);
			LocalDate lastMonth = thisMonth.minusMonths(1);
			String lastMonthTable = "aud_entry_y" + lastMonth.getYear() + "m" + String.format("%02d", lastMonth.getMonthValue());
			List<String> args = new ArrayList<>(db.args());
			args.addAll(List.of("--xingfu.scheduling.enabled=false", "--xingfu.demo.enabled=false"));
			try (ConfigurableApplicationContext app = new SpringApplicationBuilder(XingfuApplication.class)
				.web(WebApplicationType.NONE).run(args.toArray(String[]::new))) {
				JdbcClient jdbc = app.getBean(JdbcClient.class);
				jdbc.sql("select xf_ensure_monthly_partitions('aud_entry', ?, 0)").param(lastMonth).query(Integer.class).single();
				ApplicationEventPublisher events = app;
				TransactionTemplate tx = app.getBean(TransactionTemplate.class);
				Instant lastMonthAt = lastMonth.plusDays(10).atStartOfDay(CHINA).toInstant();
				for (int i = 0; i < 30; i++) {
					Instant at = i % 3 == 0 ? lastMonthAt.plusSeconds(i) : Instant.now();
					int n = i;
					tx.executeWithoutResult(s -> events.publishEvent(new ActionRecorded("tester", "TEST_ACTION", "test",
							String.valueOf(n), "/1/", null, "entry " + n, at)));
				}
				AuditSealer sealer = app.getBean(AuditSealer.class);
				while (sealer.sealBatch(5000) > 0) {
					// until every entry is in the chain
				}
				assertThat(jdbc.sql("select count(*) from " + lastMonthTable).query(Long.class).single()).isEqualTo(10);
				assertThat(app.getBean(AuditAnchors.class).write()).isPresent();
			}
			SecondDatabase.Ran intact = db.command("--xingfu.audit.verify");
			assertThat(intact.code()).as(intact.out() + intact.err()).isZero();
			assertThat(intact.out()).contains("intact");

			// 1. the last entries cut off the end: the chain that is left is whole, but the anchor names what is gone
			try (SecondDatabase cut = db.copy("xf_audit_cut")) {
				asAdministrator(cut, "delete from aud_entry where seq > (select max(seq) - 3 from aud_entry)");
				SecondDatabase.Ran found = cut.command("--xingfu.audit.verify");
				assertThat(found.code()).isEqualTo(3);
				assertThat(found.out()).contains("BROKEN").contains("truncated");
			}
			// 2. a month dropped: the positions of its entries are missing from the chain
			try (SecondDatabase dropped = db.copy("xf_audit_month")) {
				asAdministrator(dropped, "drop table " + lastMonthTable);
				SecondDatabase.Ran found = dropped.command("--xingfu.audit.verify");
				assertThat(found.code()).isEqualTo(3);
				assertThat(found.out()).contains("BROKEN").contains("missing");
			}
			// 3. an entry changed and the chain recomputed after it, as one can without the key: plain SHA-256
			try (SecondDatabase recomputed = db.copy("xf_audit_recomputed")) {
				JdbcClient admin = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
						recomputed.url, recomputed.username, recomputed.password));
				List<AuditEntry> entries = admin.sql("select * from aud_entry order by seq").query(AuditLog::map).list();
				StringBuilder updates = new StringBuilder();
				String previous = entries.get(9).hash();
				for (AuditEntry e : entries.subList(10, entries.size())) {
					String detail = e.seq() == 11 ? "nothing happened here" : e.detail();
					String hash = AuditEntry.hash(null, previous, e.seq(), e.occurredAt(), e.actor(), e.action(),
							e.targetType(), e.targetId(), e.nodePath(), e.sourceAddress(), detail);
					updates.append(updates.isEmpty() ? "" : "; ").append("update aud_entry set detail = '").append(detail)
						.append("', prev_hash = '").append(previous).append("', hash = '").append(hash)
						.append("' where seq = ").append(e.seq());
					previous = hash;
				}
				asAdministrator(recomputed, updates.toString());
				SecondDatabase.Ran found = recomputed.command("--xingfu.audit.verify");
				assertThat(found.code()).isEqualTo(3);
				assertThat(found.out()).contains("BROKEN").contains("content");
			}
		}
	}

	/** As the superuser, with the trigger that keeps the log append-only switched off, in one transaction. */
	private static void asAdministrator(SecondDatabase db, String sql) {
		JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(db.url, db.username, db.password))
			.sql("do $$ begin alter table aud_entry disable trigger aud_entry_no_update; " + sql
					+ "; alter table aud_entry enable trigger aud_entry_no_update; end $$").update();
	}
}
