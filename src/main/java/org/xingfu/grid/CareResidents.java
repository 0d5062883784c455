package org.xingfu.grid;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

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
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/**
 * 特殊群体: residents who need regular visits (elderly living alone, disabled, left-behind children; categories in
 * {@code grd_care_category}), each with a visit interval. A visit is a field log naming the record; a resident is
 * overdue when the interval has passed since the last visit (or since they were registered). Sensitive: only the
 * workers of the grid and the community's staff see these records, and every list or record they open is audited.
 */
@Service
@Transactional
public class CareResidents {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
	/** The only roles that see special-care records (domain.md section 14). */
	static final Set<Role> READERS = Set.of(Role.GRID_HEAD, Role.GRID_WORKER, Role.COMMUNITY_STAFF);

	public record Category(String code, String nameZh, String nameEn, int intervalDays) {
	}

	/** A special-care resident with their visits: the last one and when the next is due. */
	public record Care(long id, long personId, String name, long householdId, String nodePath, String category,
			int intervalDays, String note, LocalDate since, Instant lastVisit, LocalDate dueOn, boolean overdue) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;

	CareResidents(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
	}

	@Transactional(readOnly = true)
	public List<Category> categories() {
		return jdbc.sql("select code, name_zh, name_en, interval_days from grd_care_category order by code")
			.query((rs, i) -> new Category(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4))).list();
	}

	/** Registers a resident of a household the reader covers; the interval defaults to the category's. */
	public long register(Actor actor, long personId, String category, Integer intervalDays, String note) {
		String home = directory.personHome(actor, personId)
			.orElseThrow(() -> new InvalidFieldException("personId", "grid.error.person"));
		NodeRef household = directory.ancestry(home).stream().reduce((a, b) -> b)
			.filter(n -> n.type() == NodeType.HOUSEHOLD)
			.orElseThrow(() -> new InvalidFieldException("personId", "grid.error.person"));
		if (!actor.reaches(household.path(), READERS)) {
			throw new ForbiddenException("care-register");
		}
		Category c = categories().stream().filter(x -> x.code().equals(category)).findFirst()
			.orElseThrow(() -> new InvalidFieldException("category", "grid.error.category"));
		int interval = intervalDays == null ? c.intervalDays() : intervalDays;
		if (interval < 1 || interval > 366) {
			throw new InvalidFieldException("intervalDays", "grid.error.interval");
		}
		try {
			long id = jdbc.sql("""
					insert into grd_care (city_id, person_id, household_id, node_path, category, interval_days, note, since,
					  created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
				.params(ScopeSql.cityOf(household.path()), personId,
						household.id(), household.path(), category, interval, note == null || note.isBlank() ? null : note.strip(),
						LocalDate.now(CHINA), actor.username())
				.query(Long.class).single();
			events.publishEvent(ActionRecorded.of(actor.username(), "CARE_REGISTERED", "grd_care", id, household.path(),
					category));
			return id;
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("grid.error.careExists");
		}
	}

	/**
	 * The special-care residents under a place that the reader covers, most overdue first; with {@code overdueOnly}
	 * just those past their interval. The view is audited with the place and the number of records shown.
	 */
	public List<Care> under(Actor actor, long nodeId, boolean overdueOnly) {
		// a grid worker asks for their compound or community: they get the part of it their grid covers
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path())
				|| actor.scopePaths(FieldLogs.FIELD).stream().anyMatch(p -> p.startsWith(n.path())))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		if (!actor.hasAny(READERS)) {
			throw new ForbiddenException("care-read");
		}
		List<String> scope = actor.scopePaths(READERS);
		LocalDate today = LocalDate.now(CHINA);
		List<Care> list = jdbc.sql("""
				select c.id, c.person_id, p.name, c.household_id, c.node_path, c.category, c.interval_days, c.note, c.since,
				       (select max(l.logged_at) from grd_log l where l.care_id = c.id and l.city_id = c.city_id)
				  from grd_care c join org_person p on p.id = c.person_id and p.city_id = c.city_id
				 where c.ended_on is null and c.node_path >= ? and c.node_path < ?""")
			.params(node.path(), node.path() + "\uffff")
			.query((rs, i) -> {
				java.sql.Timestamp last = rs.getTimestamp(10);
				LocalDate from = last == null ? rs.getDate(9).toLocalDate() : last.toInstant().atZone(CHINA).toLocalDate();
				LocalDate due = from.plusDays(rs.getInt(7));
				return new Care(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
						rs.getString(6), rs.getInt(7), rs.getString(8), rs.getDate(9).toLocalDate(),
						last == null ? null : last.toInstant(), due, due.isBefore(today));
			})
			.list().stream()
			.filter(c -> scope.stream().anyMatch(c.nodePath()::startsWith))
			.filter(c -> !overdueOnly || c.overdue())
			.sorted(java.util.Comparator.comparing(Care::dueOn))
			.toList();
		events.publishEvent(ActionRecorded.of(actor.username(), overdueOnly ? "CARE_OVERDUE_VIEWED" : "CARE_LIST_VIEWED",
				"grd_care", nodeId, node.path(), list.size() + " records"));
		return list;
	}

	/**
	 * The demo's special-care residents: a dozen people of 财政小区 living alone, registered 20 to 44 days ago, so
	 * that the grid worker's home shows visits due and overdue. Run once by the demo loader.
	 */
	public int openDemoCare(org.xingfu.organization.NodeRef compound, String by) {
		return jdbc.sql("""
				insert into grd_care (city_id, person_id, household_id, node_path, category, interval_days, note, since,
				  created_by)
				select p.city_id, p.id, h.id, h.path, 'ELDERLY_ALONE', 30, '独居老人，子女在外地', current_date - (20 + (p.id % 25))::int, ?
				  from org_person p join org_node h on h.path = p.home_path and h.city_id = p.city_id and h.type = 'HOUSEHOLD'
				 where p.city_id = ? and h.path like ? || '%'
				 order by p.id desc limit 12
				on conflict do nothing""").params(by, ScopeSql.cityOf(compound.path()), compound.path()).update();
	}
}
