package org.xingfu.fund;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.notice.NoticeScope;
import org.xingfu.notice.NoticeType;
import org.xingfu.notice.Notices;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.request.WorkingDays;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.FileStorage;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.Money;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;
import org.xingfu.shared.Upload;
import org.xingfu.vote.Ballots;
import org.xingfu.vote.Matter;

/**
 * 应急使用 and normal use of the maintenance fund (domain.md section 9). An emergency goes: filed with hazard,
 * buildings, scope, plan, budget, contractor and photos (optionally with a pre-notice to the owners) → confirmed on
 * site by the community or street → approved by the street, or approved by its silence once the limit has passed
 * → works → acceptance with the actual cost, which is shared among the households of the affected buildings by
 * exclusive area and paid from those buildings' balances → a post-use notice listing every share. A normal use
 * rests on a passed owners' vote and starts at the street's approval.
 */
@Service
@Transactional
public class FundApplications {

	/** Who applies: the property company, or the community and first secretary where no owners' committee acts. */
	static final Set<Role> APPLICANTS = Set.of(Role.PROPERTY_STAFF, Role.COMMUNITY_STAFF, Role.FIRST_SECRETARY);
	/** Who confirms the danger on site. */
	static final Set<Role> CONFIRMERS = Set.of(Role.COMMUNITY_STAFF, Role.STREET_ADMIN);
	/** Who approves. */
	static final Set<Role> APPROVERS = Set.of(Role.STREET_ADMIN);

	static final int MAX_EVIDENCE = 9;

	public enum Hazard {
		ELEVATOR, FIRE_SYSTEM, ROOF_LEAK, WALL_LEAK, FACADE, WATER_SUPPLY, DRAINAGE, OTHER
	}

	public record Application(long id, long compoundId, String nodePath, String kind, Long ballotId, String hazard,
			String scope, String plan, long budgetCents, String contractor, String status, String filedBy,
			Instant filedAt, Long preNoticeId, Instant preNoticeUntil, Instant confirmBy, String confirmedBy,
			Instant confirmedAt, String confirmNote, Instant approveBy, String approvedBy, Instant approvedAt,
			boolean approvedBySilence, String rejectedBy, Instant rejectedAt, String rejectReason, String completedBy,
			Instant completedAt, Long actualCostCents, String acceptanceNote, Long noticeId, List<Long> buildingIds) {

		/** The step that is late, if any: the on-site confirmation or the street's approval. */
		public String overdueAt(Instant now) {
			if ("FILED".equals(status) && confirmBy != null && now.isAfter(confirmBy)) {
				return "CONFIRM";
			}
			if ("CONFIRMED".equals(status) && approveBy != null && now.isAfter(approveBy)) {
				return "APPROVE";
			}
			return null;
		}
	}

	/**
	 * A step of an application was taken: FILED, CONFIRMED, APPROVED (by the street or its silence), REJECTED or
	 * COMPLETED. The notification module tells the people who take the next step, or wait for it.
	 */
	public record StepTaken(long applicationId, long compoundId, String nodePath, String step, Long applicantPersonId,
			String hazard, java.time.Instant at) {
	}

	public record ShareLine(long householdId, long buildingId, String address, BigDecimal areaM2, long shareCents,
			boolean mine) {
	}

	public record Evidence(long id, String contentType, long size) {
	}

	public record NewApplication(long compoundId, String kind, Long ballotId, Hazard hazard, List<Long> buildingIds,
			String scope, String plan, long budgetCents, String contractor, boolean preNotice) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final FundAccounts accounts;
	private final Notices notices;
	private final Ballots ballots;
	private final WorkingDays workingDays;
	private final FundSettings settings;
	private final FileStorage storage;
	private final ApplicationEventPublisher events;
	private final FundTexts texts;
	private final org.springframework.jdbc.core.JdbcTemplate batch;
	private final Clock clock;

	FundApplications(JdbcClient jdbc, OrganizationDirectory directory, FundAccounts accounts, Notices notices,
			Ballots ballots, WorkingDays workingDays, FundSettings settings, FileStorage storage,
			ApplicationEventPublisher events, FundTexts texts, org.springframework.jdbc.core.JdbcTemplate batch,
			Optional<Clock> clock) {
		this.batch = batch;
		this.jdbc = jdbc;
		this.directory = directory;
		this.accounts = accounts;
		this.notices = notices;
		this.ballots = ballots;
		this.workingDays = workingDays;
		this.settings = settings;
		this.storage = storage;
		this.events = events;
		this.texts = texts;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/** Files an application; the budget must be covered by the affected buildings' balances. */
	public long file(Actor actor, NewApplication a, List<Upload> evidence) throws IOException {
		NodeRef compound = accounts.compound(actor, a.compoundId());
		if (!actor.reaches(compound.path(), APPLICANTS)) {
			throw new ForbiddenException("fund-file");
		}
		List<Long> buildings = a.buildingIds() == null ? List.of() : a.buildingIds().stream().distinct().toList();
		Map<Long, FundAccounts.BuildingBalance> balances = accounts.balances(compound);
		if (buildings.isEmpty() || !balances.keySet().containsAll(buildings)) {
			throw new InvalidFieldException("buildingIds", "fund.error.building");
		}
		if (a.budgetCents() <= 0) {
			throw new InvalidFieldException("budgetCents", "fund.error.amount");
		}
		long available = buildings.stream().mapToLong(b -> balances.get(b).balanceCents()).sum();
		if (a.budgetCents() > available) {
			throw new InvalidFieldException("budgetCents", "fund.error.overBalance", Money.yuan(available));
		}
		boolean normal = "NORMAL".equals(a.kind());
		if (normal) {
			checkBallot(actor, compound, a.ballotId());
		}
		Instant now = clock.instant();
		Instant preNoticeUntil = !normal && a.preNotice() ? workingDays.add(now, settings.preNoticeWorkingDays()) : null;
		long id = jdbc.sql("""
				insert into fund_application (city_id, compound_id, node_path, kind, ballot_id, hazard, scope, plan,
				  budget_cents, contractor, status, filed_by, filed_by_person, filed_at, pre_notice_until, confirm_by,
				  approve_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
			.params(ScopeSql.cityOf(compound.path()), compound.id(), compound.path(), normal ? "NORMAL" : "EMERGENCY",
					normal ? a.ballotId() : null, a.hazard().name(), a.scope().strip(), a.plan().strip(), a.budgetCents(),
					a.contractor().strip(), normal ? "CONFIRMED" : "FILED", actor.username(), actor.personId(),
					Timestamp.from(now),
					ts(preNoticeUntil), normal ? null : Timestamp.from(workingDays.add(now, settings.confirmWorkingDays())),
					normal ? Timestamp.from(workingDays.add(now, settings.approveWorkingDays())) : null)
			.query(Long.class).single();
		for (long building : buildings) {
			jdbc.sql("insert into fund_application_building (application_id, building_id, city_id) values (?, ?, ?)")
				.params(id, building, ScopeSql.cityOf(compound.path())).update();
		}
		storeEvidence(actor, id, evidence);
		if (preNoticeUntil != null) {
			long notice = notices.post("fund-pre:" + id, actor.username(), compound.id(), NoticeScope.COMPOUND,
					NoticeType.FUND, texts.preNoticeTitle(compound.name(), a.hazard()),
					texts.preNoticeBody(a, buildingNames(buildings), preNoticeUntil),
					Duration.between(now, preNoticeUntil));
			jdbc.sql("update fund_application set pre_notice_id = ? where id = ?").params(notice, id).update();
		}
		audit(actor, "FUND_APPLICATION_FILED", id, compound.path(), a.hazard() + " " + a.budgetCents());
		step(id, normal ? "CONFIRMED" : "FILED");
		return id;
	}

	/** More evidence photos while the application waits for confirmation or approval. */
	public void addEvidence(Actor actor, long id, List<Upload> photos) throws IOException {
		Application a = locked(actor, id);
		if (!actor.reaches(a.nodePath(), APPLICANTS)) {
			throw new ForbiddenException("fund-evidence");
		}
		requireStatus(a, "FILED", "CONFIRMED");
		storeEvidence(actor, id, photos);
	}

	private void storeEvidence(Actor actor, long id, List<Upload> photos) throws IOException {
		long existing = jdbc.sql("select count(*) from fund_evidence where application_id = ?").param(id)
			.query(Long.class).single();
		for (Upload.Stored photo : Upload.storeAll(storage, photos, existing, MAX_EVIDENCE, "fund.error.tooManyPhotos")) {
			jdbc.sql("""
					insert into fund_evidence (application_id, storage_key, content_type, size_bytes, uploaded_by, city_id)
					select id, ?, ?, ?, ?, city_id from fund_application where id = ?""")
				.params(photo.key(), photo.type(), photo.size(), actor.username(), id)
				.update();
		}
	}

	/** On-site confirmation (现场确认): the danger is real; the street's approval time starts. */
	public Application confirm(Actor actor, long id, String note) {
		Application a = locked(actor, id);
		if (!actor.reaches(a.nodePath(), CONFIRMERS)) {
			throw new ForbiddenException("fund-confirm");
		}
		requireStatus(a, "FILED");
		Instant now = clock.instant();
		jdbc.sql("""
				update fund_application set status = 'CONFIRMED', confirmed_by = ?, confirmed_at = ?, confirm_note = ?,
				  approve_by = ?, version = version + 1 where id = ?""")
			.params(actor.username(), Timestamp.from(now), blankToNull(note),
					Timestamp.from(workingDays.add(now, settings.approveWorkingDays())), id)
			.update();
		audit(actor, "FUND_APPLICATION_CONFIRMED", id, a.nodePath(), note);
		step(id, "CONFIRMED");
		return find(id).orElseThrow();
	}

	/** The street's approval; not before a pre-notice has run its course. */
	public Application approve(Actor actor, long id) {
		Application a = locked(actor, id);
		if (!actor.reaches(a.nodePath(), APPROVERS)) {
			throw new ForbiddenException("fund-approve");
		}
		requireStatus(a, "CONFIRMED");
		Instant now = clock.instant();
		if (a.preNoticeUntil() != null && now.isBefore(a.preNoticeUntil())) {
			throw new ConflictException("fund.error.preNoticeRunning", texts.date(a.preNoticeUntil()));
		}
		jdbc.sql("""
				update fund_application set status = 'APPROVED', approved_by = ?, approved_at = ?, version = version + 1
				 where id = ?""").params(actor.username(), Timestamp.from(now), id).update();
		audit(actor, "FUND_APPLICATION_APPROVED", id, a.nodePath(), null);
		step(id, "APPROVED");
		return find(id).orElseThrow();
	}

	/** Refused on site (not an emergency) or by the street, with the reason the applicant reads. */
	public Application reject(Actor actor, long id, String reason) {
		Application a = locked(actor, id);
		boolean approver = actor.reaches(a.nodePath(), APPROVERS);
		if (!approver && !actor.reaches(a.nodePath(), CONFIRMERS)) {
			throw new ForbiddenException("fund-reject");
		}
		requireStatus(a, "FILED", "CONFIRMED");
		if ("CONFIRMED".equals(a.status()) && !approver) {
			throw new ForbiddenException("fund-reject");
		}
		if (reason == null || reason.isBlank()) {
			throw new InvalidFieldException("reason", "fund.error.reason");
		}
		jdbc.sql("""
				update fund_application set status = 'REJECTED', rejected_by = ?, rejected_at = ?, reject_reason = ?,
				  version = version + 1 where id = ?""")
			.params(actor.username(), Timestamp.from(clock.instant()), reason.strip(), id).update();
		audit(actor, "FUND_APPLICATION_REJECTED", id, a.nodePath(), reason);
		step(id, "REJECTED");
		return find(id).orElseThrow();
	}

	/**
	 * 竣工验收: the works are done; the actual cost is shared among the households of the affected buildings, paid
	 * from each building's balance, and posted as a notice with every share.
	 */
	public Application complete(Actor actor, long id, long actualCostCents, String note) {
		Application a = locked(actor, id);
		if (!actor.reaches(a.nodePath(), APPLICANTS) && !actor.reaches(a.nodePath(), CONFIRMERS)) {
			throw new ForbiddenException("fund-complete");
		}
		requireStatus(a, "APPROVED");
		if (actualCostCents <= 0) {
			throw new InvalidFieldException("actualCostCents", "fund.error.amount");
		}
		NodeRef compound = directory.findNode(a.compoundId()).orElseThrow();
		List<OrganizationDirectory.HouseholdArea> households = new ArrayList<>();
		for (long building : a.buildingIds()) {
			households.addAll(directory.householdAreas(compound.path() + building + "/"));
		}
		if (households.isEmpty()) {
			throw new ConflictException("fund.error.noHouseholds");
		}
		List<Apportionment.Share> shares = Apportionment.apportion(actualCostCents, households.stream()
			.map(h -> new Apportionment.Part(h.householdId(), h.area())).toList());
		Map<Long, Long> perBuilding = new LinkedHashMap<>();
		for (int i = 0; i < households.size(); i++) {
			perBuilding.merge(households.get(i).buildingId(), shares.get(i).shareCents(), Long::sum);
		}
		// rows locked in building order, so two completions in one compound cannot both spend the same money
		jdbc.sql("select id from org_node where id in (:ids) and city_id = :city order by id for update")
			.param("ids", a.buildingIds()).param("city", ScopeSql.cityOf(compound.path())).query(Long.class).list();
		Map<Long, FundAccounts.BuildingBalance> balances = accounts.balances(compound);
		for (Map.Entry<Long, Long> e : perBuilding.entrySet()) {
			FundAccounts.BuildingBalance b = balances.get(e.getKey());
			if (e.getValue() > b.balanceCents()) {
				throw new ConflictException("fund.error.buildingBalance", b.name(), Money.yuan(b.balanceCents()),
						Money.yuan(e.getValue()));
			}
		}
		Instant now = clock.instant();
		// one batch: a whole compound is about 1,000 rows (bench/fund.sh measured 278 ms row by row)
		List<Object[]> rows = new ArrayList<>(households.size());
		for (int i = 0; i < households.size(); i++) {
			OrganizationDirectory.HouseholdArea h = households.get(i);
			rows.add(new Object[] { id, h.householdId(), h.buildingId(), h.area(), shares.get(i).shareCents(),
					ScopeSql.cityOf(compound.path()) });
		}
		batch.batchUpdate("""
				insert into fund_share (application_id, household_id, building_id, area_m2, share_cents, city_id)
				values (?, ?, ?, ?, ?, ?)""", rows);
		for (Map.Entry<Long, Long> e : perBuilding.entrySet()) {
			if (e.getValue() > 0) {
				jdbc.sql("""
						insert into fund_ledger (city_id, compound_id, building_id, kind, amount_cents, application_id, memo,
						  recorded_by, recorded_at)
						values (?, ?, ?, 'SPENDING', ?, ?, ?, ?, ?)""")
					.params(ScopeSql.cityOf(a.nodePath()), a.compoundId(), e.getKey(), -e.getValue(), id,
							texts.spendingMemo(a), actor.username(), Timestamp.from(now))
					.update();
			}
		}
		jdbc.sql("""
				update fund_application set status = 'COMPLETED', completed_by = ?, completed_at = ?,
				  actual_cost_cents = ?, acceptance_note = ?, version = version + 1 where id = ?""")
			.params(actor.username(), Timestamp.from(now), actualCostCents, blankToNull(note), id).update();
		Application done = find(id).orElseThrow();
		Map<String, String> addresses = directory.addresses(households.stream()
			.map(OrganizationDirectory.HouseholdArea::path).toList());
		List<ShareLine> lines = new ArrayList<>();
		for (int i = 0; i < households.size(); i++) {
			OrganizationDirectory.HouseholdArea h = households.get(i);
			lines.add(new ShareLine(h.householdId(), h.buildingId(), addresses.get(h.path()), h.area(),
					shares.get(i).shareCents(), false));
		}
		long notice = notices.post("fund:" + id, actor.username(), a.compoundId(), NoticeScope.COMPOUND,
				NoticeType.FUND, texts.postNoticeTitle(compound.name(), done), texts.postNoticeBody(done, lines),
				Duration.ofDays(settings.postNoticeDays()));
		jdbc.sql("update fund_application set notice_id = ? where id = ?").params(notice, id).update();
		audit(actor, "FUND_APPLICATION_COMPLETED", id, a.nodePath(), String.valueOf(actualCostCents));
		step(id, "COMPLETED");
		return find(id).orElseThrow();
	}

	/**
	 * Silence means approval: confirmed applications whose approval limit has passed are approved, when the city
	 * has that rule. Safe to run again and on several nodes (each row is changed once, under its lock).
	 */
	public int approveSilent(Instant now) {
		if (!settings.silenceMeansApproval()) {
			return 0;
		}
		// claimed city by city: Citus locks rows only in a statement it routes to one node (ADR 0016)
		List<Application> due = new ArrayList<>();
		for (NodeRef city : directory.cities()) {
			due.addAll(jdbc.sql("""
					select * from fund_application where city_id = ? and status = 'CONFIRMED' and approve_by < ?
					   and (pre_notice_until is null or pre_notice_until <= ?)
					 order by id for update skip locked""")
				.params(city.id(), Timestamp.from(now), Timestamp.from(now)).query(this::map).list());
		}
		for (Application a : due) {
			jdbc.sql("""
					update fund_application set status = 'APPROVED', approved_at = ?, approved_by_silence = true,
					  version = version + 1 where id = ?""").params(Timestamp.from(now), a.id()).update();
			events.publishEvent(ActionRecorded.of("system", "FUND_APPLICATION_APPROVED_BY_SILENCE", "fund_application",
					a.id(), a.nodePath(), "limit " + a.approveBy()));
			step(a.id(), "APPROVED");
		}
		return due.size();
	}

	@Transactional(readOnly = true)
	public Application visible(Actor actor, long id) {
		return find(id).filter(a -> FundAccounts.mayRead(actor, a.nodePath()))
			.orElseThrow(() -> new NotFoundException("fund application", id));
	}

	/** Applications of the reader's scope (staff) or of the compounds they live in (residents), newest first. */
	@Transactional(readOnly = true)
	public List<Application> list(Actor actor, int limit) {
		List<String> paths = new ArrayList<>(actor.scopePaths());
		for (String p : actor.scopePaths(Set.of(Role.RESIDENT))) {
			paths.add(compoundPathOf(p));
		}
		if (paths.isEmpty()) {
			return List.of();
		}
		StringBuilder where = new StringBuilder();
		List<Object> params = new ArrayList<>();
		for (String p : paths.stream().distinct().toList()) {
			where.append(where.isEmpty() ? "" : " or ").append("(node_path >= ? and node_path < ?)");
			params.add(p);
			params.add(p + "\uffff");
		}
		params.add(limit);
		return jdbc.sql("select * from fund_application where " + where + " order by filed_at desc, id desc limit ?")
			.params(params).query(this::map).list();
	}

	/** Every benefiting household's share, with the reader's own marked. */
	@Transactional(readOnly = true)
	public List<ShareLine> shares(Actor actor, long id) {
		Application a = visible(actor, id);
		List<String> mine = actor.scopePaths(Set.of(Role.RESIDENT));
		List<Object[]> rows = jdbc.sql("""
				select s.household_id, s.building_id, n.path, s.area_m2, s.share_cents
				  from fund_share s join org_node n on n.id = s.household_id and n.city_id = s.city_id
				 where s.application_id = ? order by s.building_id, n.path""")
			.param(a.id())
			.query((rs, i) -> new Object[] { rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4),
					rs.getLong(5) })
			.list();
		Map<String, String> addresses = directory.addresses(rows.stream().map(r -> (String) r[2]).toList());
		return rows.stream().map(r -> new ShareLine((Long) r[0], (Long) r[1], addresses.get((String) r[2]),
				(BigDecimal) r[3], (Long) r[4], mine.stream().anyMatch(((String) r[2])::startsWith))).toList();
	}

	@Transactional(readOnly = true)
	public List<Evidence> evidence(long applicationId) {
		return jdbc.sql("select id, content_type, size_bytes from fund_evidence where application_id = ? order by id")
			.param(applicationId).query((rs, i) -> new Evidence(rs.getLong(1), rs.getString(2), rs.getLong(3))).list();
	}

	/** A stored evidence photo of an application the reader may see: its storage key and type. */
	@Transactional(readOnly = true)
	public String[] evidencePhoto(Actor actor, long applicationId, long photoId) {
		visible(actor, applicationId);
		return jdbc.sql("select storage_key, content_type from fund_evidence where id = ? and application_id = ?")
			.params(photoId, applicationId).query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) })
			.optional().orElseThrow(() -> new NotFoundException("photo", photoId));
	}

	FileStorage storage() {
		return storage;
	}

	/** Names of buildings, for texts. */
	@Transactional(readOnly = true)
	public List<String> buildingNames(List<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("select name from org_node where id in (:ids) order by id").param("ids", ids)
			.query(String.class).list();
	}

	private void checkBallot(Actor actor, NodeRef compound, Long ballotId) {
		if (ballotId == null) {
			throw new InvalidFieldException("ballotId", "fund.error.ballot");
		}
		Ballots.Ballot ballot;
		try {
			ballot = ballots.visible(actor, ballotId);
		}
		catch (NotFoundException ex) {
			throw new InvalidFieldException("ballotId", "fund.error.ballot");
		}
		if (ballot.compoundId() != compound.id() || ballot.matter() != Matter.FUND_USE || ballot.closedAt() == null
				|| !ballots.result(actor, ballotId).passed()) {
			throw new InvalidFieldException("ballotId", "fund.error.ballot");
		}
	}

	private Application locked(Actor actor, long id) {
		Application a = jdbc.sql("select * from fund_application where id = ? and city_id = ? for update")
			.params(id, actor.cityId()).query(this::map)
			.optional().filter(x -> FundAccounts.mayRead(actor, x.nodePath()))
			.orElseThrow(() -> new NotFoundException("fund application", id));
		return a;
	}

	private static void requireStatus(Application a, String... allowed) {
		for (String s : allowed) {
			if (s.equals(a.status())) {
				return;
			}
		}
		throw new ConflictException("fund.error.status", a.status());
	}

	Optional<Application> find(long id) {
		return jdbc.sql("select * from fund_application where id = ?").param(id).query(this::map).optional();
	}

	private Application map(ResultSet rs, int row) throws SQLException {
		long id = rs.getLong("id");
		List<Long> buildings = jdbc.sql("select building_id from fund_application_building where application_id = ? order by building_id")
			.param(id).query(Long.class).list();
		return new Application(id, rs.getLong("compound_id"), rs.getString("node_path"), rs.getString("kind"),
				(Long) rs.getObject("ballot_id"), rs.getString("hazard"), rs.getString("scope"), rs.getString("plan"),
				rs.getLong("budget_cents"), rs.getString("contractor"), rs.getString("status"), rs.getString("filed_by"),
				instant(rs, "filed_at"), (Long) rs.getObject("pre_notice_id"), instant(rs, "pre_notice_until"),
				instant(rs, "confirm_by"), rs.getString("confirmed_by"), instant(rs, "confirmed_at"),
				rs.getString("confirm_note"), instant(rs, "approve_by"), rs.getString("approved_by"),
				instant(rs, "approved_at"), rs.getBoolean("approved_by_silence"), rs.getString("rejected_by"),
				instant(rs, "rejected_at"), rs.getString("reject_reason"), rs.getString("completed_by"),
				instant(rs, "completed_at"), (Long) rs.getObject("actual_cost_cents"), rs.getString("acceptance_note"),
				(Long) rs.getObject("notice_id"), buildings);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}

	private static Timestamp ts(Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.strip();
	}

	/** The compound part of a path below a compound: /city/street/community/compound/. */
	static String compoundPathOf(String path) {
		String[] parts = path.substring(1).split("/");
		if (parts.length < 4) {
			return path;
		}
		return "/" + String.join("/", parts[0], parts[1], parts[2], parts[3]) + "/";
	}

	private void step(long id, String step) {
		Application a = find(id).orElseThrow();
		Long applicant = jdbc.sql("select filed_by_person from fund_application where id = ?").param(id)
			.query(Long.class).optional().orElse(null);
		events.publishEvent(new StepTaken(id, a.compoundId(), a.nodePath(), step, applicant, a.hazard(),
				java.time.Instant.now()));
	}

	/** The registered owners of the households that share an application's cost: they hear of their share. */
	@Transactional(readOnly = true)
	public List<Long> ownersSharing(long applicationId) {
		Application a = find(applicationId).orElseThrow();
		java.util.Set<Long> households = new java.util.HashSet<>(jdbc.sql(
				"select household_id from fund_share where application_id = ?").param(applicationId).query(Long.class).list());
		String compoundPath = directory.findNode(a.compoundId()).orElseThrow().path();
		java.util.Set<Long> owners = new java.util.TreeSet<>();
		for (long building : a.buildingIds()) {
			for (OrganizationDirectory.OwnedPart part : directory.ownedParts(compoundPath + building + "/")) {
				if (households.contains(part.householdId())) {
					owners.addAll(part.ownerIds());
				}
			}
		}
		return List.copyOf(owners);
	}

	private void audit(Actor actor, String action, long id, String path, String detail) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, "fund_application", id, path, detail));
	}
}
