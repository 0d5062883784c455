package org.xingfu.volunteer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;
import org.xingfu.identity.AccountManagement;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NotFoundException;

/** Teams, an activity's places, check-in by code and the hours and points credited when it closes. */
@XingfuTest
class VolunteerActivityTests {

	@LocalServerPort
	int port;

	@Autowired
	VolunteerActivities activities;

	@Autowired
	PointsLedger points;

	@Autowired
	AccountManagement accounts;

	@Autowired
	JdbcClient jdbc;

	Actor actor(String username) {
		return accounts.actorOf(username).orElseThrow();
	}

	@Test
	void placesAreNeverOverbookedAndOnlyTheCheckedInAreCredited() throws Exception {
		long nongchang = jdbc.sql("select id from org_node where name = '农场社区'").query(Long.class).single();
		String nongchangPath = jdbc.sql("select path from org_node where id = ?").param(nongchang).query(String.class).single();
		Actor staff = actor("sq.nongchang");
		Actor volunteer = actor("zy.001");
		Actor neighbour = actor("jm.caizheng.101");
		activities.join(volunteer, "理发");
		activities.join(neighbour, null);

		// teams: the leader must be a registered volunteer; only the community's organisers form them
		assertThatThrownBy(() -> activities.createTeam(staff, nongchang, "党员志愿者服务小分队", "jm.xinmin.101"))
			.isInstanceOf(InvalidFieldException.class);
		assertThatThrownBy(() -> activities.createTeam(actor("sq.chaoyang"), nongchang, "小分队", "zy.001"))
			.isInstanceOf(NotFoundException.class);
		long team = activities.createTeam(staff, nongchang, "党员志愿者服务小分队", "zy.001");
		activities.addMember(volunteer, team, "jm.caizheng.101"); // the leader adds a member
		assertThatThrownBy(() -> activities.addMember(volunteer, team, "jm.caizheng.101")).isInstanceOf(ConflictException.class);
		assertThat(activities.team(team).orElseThrow().members()).containsExactly("zy.001", "jm.caizheng.101");

		// an activity with one place: two sign-ups at the same moment, exactly one gets it
		assertThatThrownBy(() -> activities.createActivity(actor("sq.chaoyang"), nongchang, null, "清扫楼道", "x", "1号楼",
				Instant.now().plus(1, ChronoUnit.DAYS), BigDecimal.valueOf(2), 1)).isInstanceOf(NotFoundException.class);
		long id = activities.createActivity(staff, nongchang, team, "清扫楼道", "清理楼道杂物", "财政小区 1号楼",
				Instant.now().plus(1, ChronoUnit.DAYS), new BigDecimal("2.0"), 1);
		List<String> outcomes = race(() -> activities.signUp(volunteer, id), () -> activities.signUp(neighbour, id));
		assertThat(outcomes).containsExactlyInAnyOrder("ok", "volunteer.error.full");
		Actor in = activities.signups(id).getFirst().username().equals("zy.001") ? volunteer : neighbour;
		Actor out = in == volunteer ? neighbour : volunteer;

		// check-in needs the code from the site and a place
		String code = activities.activity(id).checkInCode();
		assertThatThrownBy(() -> activities.checkIn(in, id, "wrong")).isInstanceOf(InvalidFieldException.class);
		assertThatThrownBy(() -> activities.checkIn(out, id, code)).isInstanceOf(ConflictException.class);

		// the organiser's page shows the check-in QR code, the volunteer's check-in page one big button
		PageSession organiser = new PageSession(port);
		organiser.login("sq.nongchang", ApiClient.PASSWORD);
		assertThat(organiser.page("/volunteers/activities/" + id).body()).contains("<svg").contains("check-in?code=" + code);
		PageSession scanner = new PageSession(port);
		scanner.login(in.username(), ApiClient.PASSWORD);
		assertThat(scanner.page("/volunteers/activities/" + id + "/check-in?code=" + code).body()).contains("id=\"check-in\"");

		activities.checkIn(in, id, code);
		activities.checkIn(in, id, code); // scanning twice is harmless

		BigDecimal hoursBefore = activities.hoursOf(in.username());
		BigDecimal absentBefore = activities.hoursOf(out.username());
		long pointsBefore = points.of(in.username()).total();
		var figuresBefore = activities.figures(nongchangPath);
		assertThatThrownBy(() -> activities.close(out, id)).isInstanceOf(ForbiddenException.class);
		assertThat(activities.close(staff, id)).isEqualTo(1);
		assertThatThrownBy(() -> activities.close(staff, id)).isInstanceOf(ConflictException.class);
		assertThat(activities.hoursOf(in.username())).isEqualByComparingTo(hoursBefore.add(new BigDecimal("2.0")));
		assertThat(points.of(in.username()).total()).isEqualTo(pointsBefore + 10);
		assertThat(activities.hoursOf(out.username())).isEqualByComparingTo(absentBefore); // signed up or not, never came
		var figures = activities.figures(nongchangPath);
		assertThat(figures.activities()).isEqualTo(figuresBefore.activities() + 1);
		assertThat(figures.hours()).isEqualByComparingTo(figuresBefore.hours().add(new BigDecimal("2.0")));
		// after closing nobody checks in any more
		assertThatThrownBy(() -> activities.checkIn(in, id, code)).isInstanceOf(ConflictException.class);
	}

	private static List<String> race(Runnable... calls) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<String>> results = new ArrayList<>();
			for (Runnable call : calls) {
				results.add(pool.submit(() -> {
					start.await();
					try {
						call.run();
						return "ok";
					}
					catch (ConflictException ex) {
						return ex.messageKey();
					}
				}));
			}
			start.countDown();
			List<String> outcomes = new ArrayList<>();
			for (Future<String> f : results) {
				outcomes.add(f.get());
			}
			return outcomes;
		}
	}
}
