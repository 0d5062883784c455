package org.xingfu.property;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.FileStorage;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;
import org.xingfu.shared.Upload;

/**
 * 公益物业 teams: a community's team for its old compounds, backed by a state-owned company; members with a stipend
 * per duty day; the duty roster; work logs with photos by the members (or staff for them); and the monthly stipend
 * ledger: each member is paid for the days they logged work, at their rate.
 */
@Service
@Transactional
public class WelfareTeams {

	/** Who sets teams up, keeps the roster and the ledger. */
	static final Set<Role> KEEPERS = Set.of(Role.CITY_ADMIN, Role.STREET_ADMIN, Role.COMMUNITY_STAFF);
	static final int MAX_PHOTOS = 6;

	public enum WorkKind {
		CLEANING, REPAIR, PATROL, GREENING, SNOW, OTHER
	}

	public record Team(long id, long communityId, String nodePath, String name, long backstopCompanyId,
			String backstopCompanyName, List<Long> compoundIds) {
	}

	public record Member(long id, long personId, String name, String title, int stipendCentsPerDuty,
			LocalDate joinedOn) {
	}

	public record Duty(long id, long memberId, LocalDate dutyDate, String task, boolean logged) {
	}

	public record WorkLog(long id, long memberId, long compoundId, LocalDate workDate, String kind, BigDecimal hours,
			String description, String loggedBy, int photos) {
	}

	/** One member's line of a month's stipend ledger. */
	public record LedgerLine(long memberId, String name, String title, int rostered, int missed, int dutyDays,
			BigDecimal hours, int rateCents, long stipendCents) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final FileStorage storage;
	private final ApplicationEventPublisher events;

	WelfareTeams(JdbcClient jdbc, OrganizationDirectory directory, FileStorage storage,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.storage = storage;
		this.events = events;
	}

	public long create(Actor actor, long communityId, String name, long backstopCompanyId, List<Long> compoundIds) {
		NodeRef community = directory.findNode(communityId).filter(n -> n.type() == NodeType.COMMUNITY)
			.filter(n -> actor.canRead(n.path())).orElseThrow(() -> new NotFoundException("community", communityId));
		if (!actor.reaches(community.path(), KEEPERS)) {
			throw new ForbiddenException("welfare-create");
		}
		OrganizationDirectory.PropertyCompanyRef backstop = directory.propertyCompany(backstopCompanyId)
			.filter(c -> c.cityId() == ScopeSql.cityOf(community.path()))
			.orElseThrow(() -> new InvalidFieldException("backstopCompanyId", "property.error.backstop"));
		if (!backstop.stateOwned()) {
			throw new InvalidFieldException("backstopCompanyId", "property.error.backstop");
		}
		List<Long> compounds = compoundIds == null ? List.of() : compoundIds.stream().distinct().toList();
		if (compounds.isEmpty()) {
			throw new InvalidFieldException("compoundIds", "property.error.compound");
		}
		for (long c : compounds) {
			if (directory.findNode(c).filter(n -> n.type() == NodeType.COMPOUND)
				.filter(n -> n.parentId() != null && n.parentId() == communityId).isEmpty()) {
				throw new InvalidFieldException("compoundIds", "property.error.compound");
			}
		}
		long id = jdbc.sql("""
				insert into prop_welfare_team (city_id, community_id, node_path, name, backstop_company_id, created_by)
				values (?, ?, ?, ?, ?, ?) returning id""")
			.params(ScopeSql.cityOf(community.path()), communityId, community.path(), name.strip(),
					backstopCompanyId, actor.username())
			.query(Long.class).single();
		for (long c : compounds) {
			jdbc.sql("insert into prop_welfare_team_compound (team_id, compound_id, city_id) values (?, ?, ?)")
				.params(id, c, ScopeSql.cityOf(community.path())).update();
		}
		audit(actor, "WELFARE_TEAM_CREATED", id, community.path(), name);
		return id;
	}

	public long addMember(Actor actor, long teamId, long personId, String title, int stipendCentsPerDuty) {
		Team team = keeper(actor, teamId);
		if (directory.personHome(actor, personId).isEmpty()) {
			throw new InvalidFieldException("personId", "property.error.person");
		}
		if (stipendCentsPerDuty < 0 || stipendCentsPerDuty > 100_000) {
			throw new InvalidFieldException("stipendCentsPerDuty", "property.error.stipend");
		}
		try {
			long id = jdbc.sql("""
					insert into prop_welfare_member (team_id, person_id, title, stipend_cents_per_duty, joined_on, city_id)
					values (?, ?, ?, ?, ?, ?) returning id""")
				.params(teamId, personId, title.strip(), stipendCentsPerDuty, PropertyCompanies.today(),
						ScopeSql.cityOf(team.nodePath()))
				.query(Long.class).single();
			audit(actor, "WELFARE_MEMBER_ADDED", teamId, team.nodePath(), String.valueOf(id));
			return id;
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("property.error.member");
		}
	}

	public long addDuty(Actor actor, long teamId, long memberId, LocalDate day, String task) {
		keeper(actor, teamId);
		member(teamId, memberId);
		try {
			return jdbc.sql("insert into prop_welfare_duty (member_id, duty_date, task, city_id) "
					+ "select id, ?, ?, city_id from prop_welfare_member where id = ? returning id")
				.params(day, task.strip(), memberId).query(Long.class).single();
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("property.error.duty");
		}
	}

	/** A work log, by the member themselves or by staff for them; photos as evidence. Not for future days. */
	public long log(Actor actor, long teamId, long memberId, long compoundId, LocalDate workDate, WorkKind kind,
			BigDecimal hours, String description, List<Upload> photos) throws IOException {
		Team team = visible(actor, teamId);
		Member member = member(teamId, memberId);
		boolean self = actor.personId() != null && actor.personId() == member.personId();
		if (!self && !actor.reaches(team.nodePath(), KEEPERS)) {
			throw new ForbiddenException("welfare-log");
		}
		if (!team.compoundIds().contains(compoundId)) {
			throw new InvalidFieldException("compoundId", "property.error.compound");
		}
		if (workDate.isAfter(PropertyCompanies.today()) || workDate.isBefore(PropertyCompanies.today().minusDays(31))) {
			throw new InvalidFieldException("workDate", "property.error.workDate");
		}
		if (hours == null || hours.signum() <= 0 || hours.compareTo(BigDecimal.valueOf(24)) > 0 || hours.scale() > 1) {
			throw new InvalidFieldException("hours", "property.error.hours");
		}
		long id = jdbc.sql("""
				insert into prop_welfare_log (member_id, compound_id, work_date, kind, hours, description, logged_by, city_id)
				values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
			.params(memberId, compoundId, workDate, kind.name(), hours, description.strip(), actor.username(),
					ScopeSql.cityOf(team.nodePath()))
			.query(Long.class).single();
		for (Upload.Stored photo : Upload.storeAll(storage, photos, 0, MAX_PHOTOS, "property.error.tooManyPhotos")) {
			jdbc.sql("""
					insert into prop_welfare_log_photo (log_id, storage_key, content_type, size_bytes, city_id)
					values (?, ?, ?, ?, ?)""")
				.params(id, photo.key(), photo.type(), photo.size(), ScopeSql.cityOf(team.nodePath())).update();
		}
		return id;
	}

	/** The month's ledger: rostered days, rostered days without a log, days with logged work, hours and the stipend. */
	@Transactional(readOnly = true)
	public List<LedgerLine> ledger(Actor actor, long teamId, YearMonth month) {
		keeper(actor, teamId);
		LocalDate from = month.atDay(1);
		LocalDate to = month.plusMonths(1).atDay(1);
		return jdbc.sql("""
				select m.id, p.name, m.title, m.stipend_cents_per_duty,
				       (select count(*) from prop_welfare_duty d where d.member_id = m.id and d.city_id = m.city_id and d.duty_date >= ? and d.duty_date < ?),
				       (select count(*) from prop_welfare_duty d where d.member_id = m.id and d.city_id = m.city_id and d.duty_date >= ? and d.duty_date < ?
				           and not exists (select 1 from prop_welfare_log l where l.member_id = m.id and l.city_id = m.city_id and l.work_date = d.duty_date)),
				       (select count(distinct l.work_date) from prop_welfare_log l where l.member_id = m.id and l.city_id = m.city_id
				           and l.work_date >= ? and l.work_date < ?),
				       (select coalesce(sum(l.hours), 0) from prop_welfare_log l where l.member_id = m.id and l.city_id = m.city_id
				           and l.work_date >= ? and l.work_date < ?)
				  from prop_welfare_member m join org_person p on p.id = m.person_id and p.city_id = m.city_id
				 where m.team_id = ? order by m.id""")
			.params(from, to, from, to, from, to, from, to, teamId)
			.query((rs, i) -> new LedgerLine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(5),
					rs.getInt(6), rs.getInt(7), rs.getBigDecimal(8), rs.getInt(4), (long) rs.getInt(7) * rs.getInt(4)))
			.list();
	}

	/** The ledger as the workbook the street's finance office pays from. */
	public void writeLedger(Actor actor, long teamId, YearMonth month, OutputStream out) throws IOException {
		Team team = keeper(actor, teamId);
		List<LedgerLine> lines = ledger(actor, teamId, month);
		Workbook workbook = new Workbook(out, "Xingfu", "1.0");
		Worksheet sheet = workbook.newWorksheet(month.toString());
		sheet.value(0, 0, team.name() + " 公益物业补贴发放表 " + month);
		sheet.value(1, 0, "兜底单位：" + team.backstopCompanyName());
		String[] headers = { "姓名", "职责", "排班天数", "缺勤天数", "出勤天数", "工时", "补贴标准（元/天）", "补贴金额（元）" };
		for (int c = 0; c < headers.length; c++) {
			sheet.value(2, c, headers[c]);
			sheet.style(2, c).bold().set();
			sheet.width(c, c < 2 ? 14 : 12);
		}
		int r = 3;
		long total = 0;
		for (LedgerLine l : lines) {
			sheet.value(r, 0, l.name());
			sheet.value(r, 1, l.title());
			sheet.value(r, 2, l.rostered());
			sheet.value(r, 3, l.missed());
			sheet.value(r, 4, l.dutyDays());
			sheet.value(r, 5, l.hours());
			sheet.value(r, 6, BigDecimal.valueOf(l.rateCents(), 2));
			sheet.value(r, 7, BigDecimal.valueOf(l.stipendCents(), 2));
			total += l.stipendCents();
			r++;
		}
		sheet.value(r, 0, "合计");
		sheet.value(r, 7, BigDecimal.valueOf(total, 2));
		sheet.style(r, 0).bold().set();
		workbook.finish();
		audit(actor, "WELFARE_LEDGER_EXPORTED", teamId, team.nodePath(), month.toString());
	}

	@Transactional(readOnly = true)
	public Team visible(Actor actor, long teamId) {
		return find(teamId).filter(t -> actor.canRead(t.nodePath())
				|| (actor.personId() != null && isMember(teamId, actor.personId())))
			.orElseThrow(() -> new NotFoundException("welfare team", teamId));
	}

	@Transactional(readOnly = true)
	public List<Team> list(Actor actor) {
		List<Team> result = new ArrayList<>();
		for (long id : jdbc.sql("select id from prop_welfare_team order by id").query(Long.class).list()) {
			find(id).filter(t -> actor.canRead(t.nodePath())
					|| (actor.personId() != null && isMember(id, actor.personId()))).ifPresent(result::add);
		}
		return result;
	}

	/** Members as the reader may see them: full names for staff who need them, masked otherwise. */
	@Transactional(readOnly = true)
	public List<Member> members(Actor actor, long teamId) {
		Team team = visible(actor, teamId);
		boolean full = actor.seesPersonalDataAt(team.nodePath());
		return jdbc.sql("""
				select m.id, m.person_id, p.name, m.title, m.stipend_cents_per_duty, m.joined_on
				  from prop_welfare_member m join org_person p on p.id = m.person_id and p.city_id = m.city_id where m.team_id = ? order by m.id""")
			.param(teamId)
			.query((rs, i) -> new Member(rs.getLong(1), rs.getLong(2),
					full || (actor.personId() != null && actor.personId() == rs.getLong(2)) ? rs.getString(3)
							: org.xingfu.shared.Masking.name(rs.getString(3)),
					rs.getString(4), rs.getInt(5), rs.getDate(6).toLocalDate()))
			.list();
	}

	@Transactional(readOnly = true)
	public List<Duty> roster(Actor actor, long teamId, YearMonth month) {
		visible(actor, teamId);
		return jdbc.sql("""
				select d.id, d.member_id, d.duty_date, d.task,
				       exists (select 1 from prop_welfare_log l where l.member_id = d.member_id and l.city_id = d.city_id and l.work_date = d.duty_date)
				  from prop_welfare_duty d join prop_welfare_member m on m.id = d.member_id and m.city_id = d.city_id
				 where m.team_id = ? and d.duty_date >= ? and d.duty_date < ? order by d.duty_date, d.member_id""")
			.params(teamId, month.atDay(1), month.plusMonths(1).atDay(1))
			.query((rs, i) -> new Duty(rs.getLong(1), rs.getLong(2), rs.getDate(3).toLocalDate(), rs.getString(4),
					rs.getBoolean(5)))
			.list();
	}

	@Transactional(readOnly = true)
	public List<WorkLog> logs(Actor actor, long teamId, YearMonth month) {
		visible(actor, teamId);
		return jdbc.sql("""
				select l.id, l.member_id, l.compound_id, l.work_date, l.kind, l.hours, l.description, l.logged_by,
				       (select count(*) from prop_welfare_log_photo ph where ph.log_id = l.id and ph.city_id = l.city_id)
				  from prop_welfare_log l join prop_welfare_member m on m.id = l.member_id and m.city_id = l.city_id
				 where m.team_id = ? and l.work_date >= ? and l.work_date < ? order by l.work_date desc, l.id desc""")
			.params(teamId, month.atDay(1), month.plusMonths(1).atDay(1))
			.query((rs, i) -> new WorkLog(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDate(4).toLocalDate(),
					rs.getString(5), rs.getBigDecimal(6), rs.getString(7), rs.getString(8), rs.getInt(9)))
			.list();
	}

	/** The member record of the reader in a team, if they are one. */
	@Transactional(readOnly = true)
	public Optional<Long> memberIdOf(Actor actor, long teamId) {
		if (actor.personId() == null) {
			return Optional.empty();
		}
		return jdbc.sql("select id from prop_welfare_member where team_id = ? and person_id = ?")
			.params(teamId, actor.personId()).query(Long.class).optional();
	}

	private boolean isMember(long teamId, long personId) {
		return jdbc.sql("select count(*) from prop_welfare_member where team_id = ? and person_id = ?")
			.params(teamId, personId).query(Integer.class).single() > 0;
	}

	private Team keeper(Actor actor, long teamId) {
		Team team = visible(actor, teamId);
		if (!actor.reaches(team.nodePath(), KEEPERS)) {
			throw new ForbiddenException("welfare-keep");
		}
		return team;
	}

	private Member member(long teamId, long memberId) {
		return jdbc.sql("""
				select m.id, m.person_id, p.name, m.title, m.stipend_cents_per_duty, m.joined_on
				  from prop_welfare_member m join org_person p on p.id = m.person_id and p.city_id = m.city_id where m.id = ? and m.team_id = ?""")
			.params(memberId, teamId)
			.query((rs, i) -> new Member(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5),
					rs.getDate(6).toLocalDate()))
			.optional().orElseThrow(() -> new InvalidFieldException("memberId", "property.error.person"));
	}

	private Optional<Team> find(long id) {
		return jdbc.sql("""
				select t.id, t.community_id, t.node_path, t.name, t.backstop_company_id, c.name
				  from prop_welfare_team t join org_property_company c on c.id = t.backstop_company_id and c.city_id = t.city_id where t.id = ?""")
			.param(id)
			.query((rs, i) -> new Team(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
					rs.getString(6), jdbc.sql("select compound_id from prop_welfare_team_compound where team_id = ? order by compound_id")
						.param(rs.getLong(1)).query(Long.class).list()))
			.optional();
	}

	private void audit(Actor actor, String action, long id, String path, String detail) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, "prop_welfare_team", id, path, detail));
	}
}
