package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.Role;

/** Every text exists in Chinese and English, and every key a template or the code names exists. */
class I18nCompletenessTests {

	private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([a-zA-Z0-9_.]+)[}(]");
	private static final Pattern FRAGMENT_LABEL = Pattern.compile("input\\('[^']*', '[^']*', '([a-zA-Z.]+)'");
	private static final Pattern CODE_KEY = Pattern.compile("\"((?:api|flash|import|org|login|audit|account|password|request|settings|wish|matching|volunteer|ballot|topic|notice|meeting|fund|property|renovation|grid|campaign|rating|dashboard|export)\\.[a-zA-Z.]+)\"");

	@Test
	void bothLanguagesHaveTheSameKeys() throws IOException {
		Set<String> zh = load("i18n/messages.properties").stringPropertyNames();
		Set<String> en = load("i18n/messages_en.properties").stringPropertyNames();
		assertThat(new TreeSet<>(en)).as("keys only in Chinese").containsAll(zh);
		assertThat(new TreeSet<>(zh)).as("keys only in English").containsAll(en);
	}

	@Test
	void everyKeyUsedExists() throws IOException {
		Set<String> zh = load("i18n/messages.properties").stringPropertyNames();
		Set<String> used = new HashSet<>();
		scan(Path.of("src/main/resources/templates"), TEMPLATE_KEY, used);
		scan(Path.of("src/main/resources/templates"), FRAGMENT_LABEL, used);
		// figure codes ("request.received") are not message keys: their labels are figure.<code>, which
		// DashboardTests checks for every figure the modules report
		scan(Path.of("src/main/java"), CODE_KEY, used, f -> !f.getFileName().toString().endsWith("Statistics.java")
				&& !f.getFileName().toString().equals("Dashboards.java") && !f.getFileName().toString().equals("WeeklyReports.java"));
		for (Role role : Role.values()) {
			used.add(role.messageKey());
		}
		for (NodeType type : NodeType.values()) {
			used.add(type.messageKey());
		}
		for (String relation : new String[] { "OWNER", "RESIDENT", "TENANT" }) {
			used.add("relation." + relation);
		}
		for (String s : new String[] { "SUBMITTED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "CLOSED", "REJECTED", "MERGED" }) {
			used.add("status." + s);
		}
		for (String e : new String[] { "SUBMITTED", "ACCEPTED", "TRANSFERRED", "ESCALATED", "AUTO_ESCALATED", "RESOLVED",
				"CONFIRMED", "REOPENED", "REJECTED", "MERGED", "DUPLICATE_MERGED", "SUMMONED", "ACKNOWLEDGED", "NOTE", "INTERNAL_NOTE" }) {
			used.add("event." + e);
		}
		for (String a : new String[] { "accept", "resolve", "escalate", "reject", "transfer", "merge", "summon", "acknowledge", "note" }) {
			used.add("flash.request." + a);
		}
		for (String kind : new String[] { "REQUEST_ESCALATED", "REQUEST_OVERDUE_ESCALATED", "REQUEST_HANDED_OVER", "REQUEST_RESOLVED", "WISH_CONFIRMED", "DEMANDS_DISPATCHED", "NOTICE_OBJECTION_FILED", "NOTICE_OBJECTION_ANSWERED", "FUND_CONFIRM_NEEDED", "FUND_APPROVAL_NEEDED", "FUND_APPROVED", "FUND_REJECTED", "FUND_SHARE_POSTED", "DISPATCH_RECEIVED", "ASSISTANCE_OVERDUE" }) {
			used.add("notification." + kind);
		}
		for (String s : new String[] { "COLLECTED", "DECLINED", "PUBLISHED", "CLAIMED", "FULFILLED", "CONFIRMED" }) {
			used.add("wish.status." + s);
		}
		for (String a : new String[] { "verify", "decline", "claim", "fulfil", "confirm" }) {
			used.add("flash.wish." + a);
		}
		used.add("points.reason.WISH_FULFILLED");
		used.add("error.forbidden"); // RefusedAction
		used.add("points.reason.MATTER_COMPLETED");
		used.add("points.reason.ACTIVITY_ATTENDED");
		used.add("volunteer.status.OPEN");
		for (var m : org.xingfu.vote.Matter.values()) {
			used.add("ballot.matter." + m);
		}
		for (var c : org.xingfu.vote.Tally.Choice.values()) {
			used.add("ballot.choice." + c);
		}
		for (var o : org.xingfu.vote.Tally.Outcome.values()) {
			used.add("ballot.outcome." + o);
		}
		used.add("volunteer.status.CLOSED");
		for (var t : org.xingfu.notice.NoticeType.values()) {
			used.add("notice.type." + t);
		}
		for (var t : org.xingfu.notice.NoticeScope.values()) {
			used.add("notice.scope." + t);
		}
		for (var t : org.xingfu.notice.Notice.State.values()) {
			used.add("notice.state." + t);
		}
		for (String s : new String[] { "PROPOSED", "AGENDA", "DECIDED" }) {
			used.add("topic.status." + s);
		}
		for (String s : new String[] { "PLANNED", "DECIDED", "PUBLISHED" }) {
			used.add("meeting.status." + s);
		}
		for (String s : new String[] { "SATISFIED", "BASIC", "DISSATISFIED" }) {
			used.add("meeting.rating." + s);
		}
		used.add("flash.topic.support");
		used.add("flash.topic.accept");
		for (String s : new String[] { "OPEN", "CLAIMED", "DELIVERED", "CONFIRMED" }) {
			used.add("matching.status." + s);
		}
		for (var k : org.xingfu.matching.TwoWayLists.Kind.values()) {
			used.add("matching.kind." + k);
		}
		for (var c : org.xingfu.matching.TwoWayLists.Category.values()) {
			used.add("matching.category." + c);
		}
		for (String a : new String[] { "claim", "deliver", "confirm" }) {
			used.add("flash.demand." + a);
		}
		for (var h : org.xingfu.fund.FundApplications.Hazard.values()) {
			used.add("fund.hazard." + h);
		}
		for (String s : new String[] { "FILED", "CONFIRMED", "APPROVED", "REJECTED", "COMPLETED" }) {
			used.add("fund.status." + s);
		}
		for (String s : new String[] { "NOMINATING", "PUBLICITY", "FINAL" }) {
			used.add("property.award." + s);
		}
		for (var k : org.xingfu.property.WelfareTeams.WorkKind.values()) {
			used.add("property.kind." + k);
		}
		for (String s : new String[] { "CLEANING", "SECURITY", "FACILITIES", "GREENING", "SERVICE" }) {
			used.add("property.item." + s);
		}
		for (var k : org.xingfu.renovation.RenovationProjects.ScopeKind.values()) {
			used.add("renovation.kind." + k);
		}
		for (var u : org.xingfu.renovation.RenovationProjects.Unit.values()) {
			used.add("renovation.unit." + u);
		}
		for (var s : org.xingfu.renovation.RenovationProjects.Step.values()) {
			used.add("renovation.step." + s);
		}
		for (String s : new String[] { "PLANNING", "SCOPE_FIXED", "UNDER_WAY", "ACCEPTANCE", "ACCEPTED", "NOT_ACCEPTED" }) {
			used.add("renovation.status." + s);
		}
		for (var k : org.xingfu.grid.FieldLogs.Kind.values()) {
			used.add("grid.kind." + k);
		}
		for (var k : org.xingfu.grid.Disputes.Kind.values()) {
			used.add("grid.disputeKind." + k);
		}
		for (String s : new String[] { "OPEN", "AGREED", "FAILED", "CLOSED" }) {
			used.add("grid.dispute." + s);
		}
		for (var k : org.xingfu.campaign.Campaigns.Kind.values()) {
			used.add("campaign.kind." + k);
		}
		for (var k : org.xingfu.campaign.Campaigns.Status.values()) {
			used.add("campaign.status." + k);
		}
		for (String s : new String[] { "PENDING", "FOUND", "NOT_FOUND", "MOVED", "UNROUTED" }) {
			used.add("assist.status." + s);
		}
		used.add("fund.kind.EMERGENCY");
		used.add("fund.kind.NORMAL");
		used.add("fund.overdue.CONFIRM");
		used.add("fund.overdue.APPROVE");
		used.add("matching.by.alliance");
		used.add("matching.by.street");
		for (String s : new String[] { "SELF_ASSESSED", "STREET_REVIEWED", "CITY_CHECKED", "PROPOSED", "FINAL", "REJECTED" }) {
			used.add("rating.status." + s);
		}
		for (var l : org.xingfu.rating.Designations.Level.values()) {
			used.add("rating.level." + l);
		}
		for (String p : new String[] { "Q1", "Q2", "Q3", "Q4", "H1", "H2", "Y" }) {
			used.add("rating.period." + p);
		}
		for (String s : new String[] { "FIGURE", "INSPECTION" }) {
			used.add("rating.source." + s);
		}
		for (var k : org.xingfu.shared.Figure.Kind.values()) {
			used.add("figure.unit." + k);
		}
		for (String s : new String[] { "org", "request", "wish", "matching", "volunteer", "deliberation", "vote", "notice",
				"property", "fund", "renovation", "grid", "campaign", "rating" }) {
			used.add("dashboard.section." + s);
		}
		for (String a : new String[] { "approved", "rejected" }) {
			used.add("flash.rating." + a);
		}
		used.removeIf(k -> k.endsWith(".")); // prefixes of computed keys such as 'relation.' + x
		assertThat(used).isNotEmpty();
		assertThat(zh).containsAll(used);
	}

	private static void scan(Path root, Pattern pattern, Set<String> into) throws IOException {
		scan(root, pattern, into, f -> true);
	}

	private static void scan(Path root, Pattern pattern, Set<String> into, java.util.function.Predicate<Path> which)
			throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(Files::isRegularFile).filter(which).toList()) {
				Matcher m = pattern.matcher(Files.readString(file));
				while (m.find()) {
					into.add(m.group(1));
				}
			}
		}
	}

	private static Properties load(String resource) throws IOException {
		Properties p = new Properties();
		try (var in = I18nCompletenessTests.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return p;
	}
}
