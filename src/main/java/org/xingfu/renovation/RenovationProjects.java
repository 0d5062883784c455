package org.xingfu.renovation;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.Money;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/**
 * Renovation projects from planning to acceptance. The scope is open to residents' opinions until it is fixed and
 * published; works report progress by milestone and by scope item; the acceptance takes its four steps in order,
 * the defects found on site must be fixed before the re-check passes, and the decision keeps the whole record.
 */
@Service
@Transactional
public class RenovationProjects {

	/** Who runs projects: the street and city (the housing bureau's projects are filed by them), and the community. */
	static final Set<Role> MANAGERS = Set.of(Role.CITY_ADMIN, Role.CITY_DEPARTMENT, Role.STREET_ADMIN, Role.COMMUNITY_STAFF);
	/** Who takes acceptance steps and decides: street and city. */
	static final Set<Role> ACCEPTORS = Set.of(Role.CITY_ADMIN, Role.CITY_DEPARTMENT, Role.STREET_ADMIN);

	public enum ScopeKind {
		WATER_PIPE, GAS_PIPE, HEATING_PIPE, DRAIN_PIPE, ROOF, FACADE_INSULATION, ELEVATOR, ROAD, GREENING, LIGHTING,
		PARKING, OTHER;

		boolean pipe() {
			return name().endsWith("_PIPE");
		}
	}

	public enum Unit {
		M, M2, UNIT
	}

	public enum Step {
		DOCUMENT_REVIEW, SELF_ASSESSMENT, ONSITE_INSPECTION, RECHECK
	}

	public record Project(long id, long nodeId, String nodePath, String name, int year, int buildings,
			BigDecimal floorAreaM2, long budgetCents, String status, Long scopeNoticeId, String decisionNote,
			String decidedBy, Instant decidedAt, String createdBy, List<Long> compoundIds) {
	}

	public record ScopeItem(long id, String kind, String description, String unit, BigDecimal plannedQuantity,
			BigDecimal doneQuantity) {
	}

	public record Opinion(long id, String username, String text, Instant createdAt) {
	}

	public record Milestone(long id, String name, LocalDate dueOn, int progressPct, Instant doneAt) {
	}

	public record AcceptanceStep(String step, boolean passed, String note, String doneBy, Instant doneAt) {
	}

	public record Defect(long id, String description, String foundBy, Instant foundAt, String fixedNote,
			String fixedBy, Instant fixedAt) {
	}

	public record NewProject(long nodeId, String name, int year, List<Long> compoundIds, int buildings,
			BigDecimal floorAreaM2, long budgetCents) {
	}

	/** The totals the seed reports: projects, plots, buildings, floor area, metres of pipe renewed. */
	public record Totals(long nodeId, String name, int projects, int plots, int buildings, BigDecimal floorAreaM2,
			BigDecimal pipeMetres, int accepted, List<Totals> children) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final Notices notices;
	private final ApplicationEventPublisher events;

	RenovationProjects(JdbcClient jdbc, OrganizationDirectory directory, Notices notices,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.notices = notices;
		this.events = events;
	}

	public long create(Actor actor, NewProject p) {
		NodeRef node = directory.findNode(p.nodeId()).filter(n -> actor.canRead(n.path()))
			.filter(n -> n.type().ordinal() <= NodeType.COMPOUND.ordinal())
			.orElseThrow(() -> new NotFoundException("node", p.nodeId()));
		if (!actor.reaches(node.path(), MANAGERS)) {
			throw new ForbiddenException("renovation-create");
		}
		List<Long> compounds = p.compoundIds() == null ? List.of() : p.compoundIds().stream().distinct().toList();
		if (compounds.isEmpty()) {
			throw new InvalidFieldException("compoundIds", "renovation.error.compounds");
		}
		for (long c : compounds) {
			if (directory.findNode(c).filter(n -> n.type() == NodeType.COMPOUND)
				.filter(n -> n.path().startsWith(node.path())).isEmpty()) {
				throw new InvalidFieldException("compoundIds", "renovation.error.compounds");
			}
		}
		if (p.year() < 2000 || p.year() > 2100) {
			throw new InvalidFieldException("year", "renovation.error.year");
		}
		if (p.buildings() <= 0 || p.floorAreaM2() == null || p.floorAreaM2().signum() <= 0 || p.budgetCents() <= 0) {
			throw new InvalidFieldException("buildings", "renovation.error.size");
		}
		long id = jdbc.sql("""
				insert into ren_project (city_id, node_id, node_path, name, year, buildings, floor_area_m2, budget_cents,
				  status, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, 'PLANNING', ?) returning id""")
			.params(ScopeSql.cityOf(node.path()), node.id(), node.path(), p.name().strip(), p.year(), p.buildings(),
					p.floorAreaM2(), p.budgetCents(), actor.username())
			.query(Long.class).single();
		for (long c : compounds) {
			jdbc.sql("insert into ren_project_compound (project_id, compound_id, city_id) values (?, ?, ?)")
				.params(id, c, ScopeSql.cityOf(node.path())).update();
		}
		audit(actor, "RENOVATION_CREATED", id, node.path(), p.name());
		return id;
	}

	public long addScopeItem(Actor actor, long id, ScopeKind kind, String description, Unit unit, BigDecimal quantity) {
		Project p = managed(actor, id);
		requireStatus(p, "PLANNING");
		if (quantity == null || quantity.signum() <= 0) {
			throw new InvalidFieldException("plannedQuantity", "renovation.error.quantity");
		}
		return jdbc.sql("""
				insert into ren_scope_item (project_id, kind, description, unit, planned_quantity, city_id)
				select id, ?, ?, ?, ?, city_id from ren_project where id = ?
				returning id""").params(kind.name(), description.strip(), unit.name(), quantity, id)
			.query(Long.class).single();
	}

	/** A resident of one of the project's compounds says what should (not) be done, while the scope is open. */
	public long opinion(Actor actor, long id, String text) {
		Project p = visible(actor, id);
		if (!residentOf(actor, p)) {
			throw new ForbiddenException("renovation-opinion");
		}
		if (!"PLANNING".equals(p.status())) {
			throw new ConflictException("renovation.error.scopeFixed");
		}
		return jdbc.sql("insert into ren_opinion (project_id, username, person_id, text, city_id) "
				+ "select id, ?, ?, ?, city_id from ren_project where id = ? returning id")
			.params(actor.username(), actor.personId(), text.strip(), id).query(Long.class).single();
	}

	/** Fixes the scope and publishes it as a renovation notice of the project's place. */
	public Project fixScope(Actor actor, long id) {
		Project p = managed(actor, id);
		requireStatus(p, "PLANNING");
		List<ScopeItem> items = scope(id);
		if (items.isEmpty()) {
			throw new ConflictException("renovation.error.noScope");
		}
		StringBuilder body = new StringBuilder();
		body.append("改造范围：").append(String.join("、", compoundNames(p))).append("，").append(p.buildings())
			.append(" 栋楼，建筑面积 ").append(p.floorAreaM2().toPlainString()).append(" 平方米，预算 ")
			.append(Money.yuan(p.budgetCents())).append(" 元。\n\n改造内容：\n");
		for (ScopeItem item : items) {
			body.append("· ").append(item.description()).append(" ").append(item.plannedQuantity().stripTrailingZeros()
				.toPlainString()).append(unitText(item.unit())).append('\n');
		}
		body.append("\n征求居民意见 ").append(opinions(id).size()).append(" 条，已纳入方案研究。");
		long notice = notices.post("renovation-scope:" + id, actor.username(), p.nodeId(), NoticeScope.PUBLIC,
				NoticeType.RENOVATION, p.name() + "改造内容公示", body.toString(), Duration.ofDays(7));
		jdbc.sql("update ren_project set status = 'SCOPE_FIXED', scope_notice_id = ? where id = ?").params(notice, id)
			.update();
		audit(actor, "RENOVATION_SCOPE_FIXED", id, p.nodePath(), items.size() + " items");
		return find(id).orElseThrow();
	}

	public long addMilestone(Actor actor, long id, String name, LocalDate dueOn) {
		Project p = managed(actor, id);
		requireStatus(p, "SCOPE_FIXED", "UNDER_WAY");
		return jdbc.sql("insert into ren_milestone (project_id, name, due_on, city_id) "
				+ "select id, ?, ?, city_id from ren_project where id = ? returning id")
			.params(name.strip(), dueOn, id).query(Long.class).single();
	}

	/** Progress of a milestone; the first report starts the works. 100% marks it done. */
	public void progress(Actor actor, long id, long milestoneId, int percent) {
		Project p = managed(actor, id);
		requireStatus(p, "SCOPE_FIXED", "UNDER_WAY");
		if (percent < 0 || percent > 100) {
			throw new InvalidFieldException("progressPct", "renovation.error.percent");
		}
		int updated = jdbc.sql("""
				update ren_milestone set progress_pct = ?, done_at = case when ? = 100 then coalesce(done_at, ?) end
				 where id = ? and project_id = ?""")
			.params(percent, percent, Timestamp.from(Instant.now()), milestoneId, id).update();
		if (updated == 0) {
			throw new NotFoundException("milestone", milestoneId);
		}
		startWorks(p);
	}

	/** Quantity done of a scope item (metres of pipe laid so far). */
	public void done(Actor actor, long id, long itemId, BigDecimal quantity) {
		Project p = managed(actor, id);
		requireStatus(p, "SCOPE_FIXED", "UNDER_WAY");
		if (quantity == null || quantity.signum() < 0) {
			throw new InvalidFieldException("doneQuantity", "renovation.error.quantity");
		}
		int updated = jdbc.sql("update ren_scope_item set done_quantity = ? where id = ? and project_id = ?")
			.params(quantity, itemId, id).update();
		if (updated == 0) {
			throw new NotFoundException("scope item", itemId);
		}
		startWorks(p);
	}

	/**
	 * An acceptance step, in order: a step needs the one before it passed; the re-check passes only when every
	 * defect found on site is fixed. A failed step may be taken again.
	 */
	public void step(Actor actor, long id, Step step, boolean passed, String note) {
		Project p = accepting(actor, id);
		requireStatus(p, "UNDER_WAY", "ACCEPTANCE");
		if (step.ordinal() > 0) {
			Step before = Step.values()[step.ordinal() - 1];
			boolean ok = steps(id).stream().anyMatch(s -> s.step().equals(before.name()) && s.passed());
			if (!ok) {
				throw new ConflictException("renovation.error.stepOrder");
			}
		}
		if (step == Step.RECHECK && passed && openDefects(id) > 0) {
			throw new ConflictException("renovation.error.openDefects", openDefects(id));
		}
		jdbc.sql("""
				insert into ren_acceptance_step (project_id, step, passed, note, done_by, city_id)
				select id, ?, ?, ?, ?, city_id from ren_project where id = ?
				on conflict (project_id, step, city_id) do update set passed = excluded.passed, note = excluded.note,
				  done_by = excluded.done_by, done_at = excluded.done_at""")
			.params(step.name(), passed, blankToNull(note), actor.username(), id).update();
		jdbc.sql("update ren_project set status = 'ACCEPTANCE' where id = ?").param(id).update();
		audit(actor, "RENOVATION_STEP", id, p.nodePath(), step + " " + passed);
	}

	/** A defect found on site (after the on-site inspection has been recorded). */
	public long defect(Actor actor, long id, String description) {
		Project p = accepting(actor, id);
		requireStatus(p, "ACCEPTANCE");
		if (steps(id).stream().noneMatch(s -> s.step().equals(Step.ONSITE_INSPECTION.name()))) {
			throw new ConflictException("renovation.error.stepOrder");
		}
		return jdbc.sql("insert into ren_defect (project_id, description, found_by, city_id) "
				+ "select id, ?, ?, city_id from ren_project where id = ? returning id")
			.params(description.strip(), actor.username(), id).query(Long.class).single();
	}

	/** The contractor's fix of a defect, recorded by the project's managers. */
	public void fix(Actor actor, long id, long defectId, String note) {
		Project p = managed(actor, id);
		requireStatus(p, "ACCEPTANCE");
		int updated = jdbc.sql("""
				update ren_defect set fixed_note = ?, fixed_by = ?, fixed_at = now()
				 where id = ? and project_id = ? and fixed_at is null""")
			.params(note.strip(), actor.username(), defectId, id).update();
		if (updated == 0) {
			throw new ConflictException("renovation.error.defect");
		}
	}

	/** Accepted (every step passed, no open defect) or not accepted, with the reason; the record stays. */
	public Project decide(Actor actor, long id, boolean accepted, String note) {
		Project p = accepting(actor, id);
		requireStatus(p, "ACCEPTANCE");
		if (accepted) {
			boolean allPassed = steps(id).stream().filter(AcceptanceStep::passed).count() == Step.values().length;
			if (!allPassed || openDefects(id) > 0) {
				throw new ConflictException("renovation.error.notReady");
			}
		}
		else if (note == null || note.isBlank()) {
			throw new InvalidFieldException("note", "renovation.error.reason");
		}
		jdbc.sql("""
				update ren_project set status = ?, decision_note = ?, decided_by = ?, decided_at = ? where id = ?""")
			.params(accepted ? "ACCEPTED" : "NOT_ACCEPTED", blankToNull(note), actor.username(),
					Timestamp.from(Instant.now()), id)
			.update();
		audit(actor, accepted ? "RENOVATION_ACCEPTED" : "RENOVATION_NOT_ACCEPTED", id, p.nodePath(), note);
		return find(id).orElseThrow();
	}

	@Transactional(readOnly = true)
	public Project visible(Actor actor, long id) {
		return find(id).filter(p -> actor.canRead(p.nodePath()) || residentOf(actor, p)
				|| p.compoundIds().stream().anyMatch(c -> directory.findNode(c).map(n -> actor.canRead(n.path())).orElse(false)))
			.orElseThrow(() -> new NotFoundException("renovation project", id));
	}

	/** Projects of the reader's scope (and, for residents, those renovating their compound), newest first. */
	@Transactional(readOnly = true)
	public List<Project> list(Actor actor) {
		List<Project> result = new ArrayList<>();
		for (long id : jdbc.sql("select id from ren_project order by year desc, id desc limit 500").query(Long.class).list()) {
			find(id).filter(p -> actor.canRead(p.nodePath()) || residentOf(actor, p)
					|| p.compoundIds().stream().anyMatch(c -> directory.findNode(c).map(n -> actor.canRead(n.path())).orElse(false)))
				.ifPresent(result::add);
		}
		return result;
	}

	@Transactional(readOnly = true)
	public List<ScopeItem> scope(long id) {
		return jdbc.sql("""
				select id, kind, description, unit, planned_quantity, done_quantity from ren_scope_item
				 where project_id = ? order by id""").param(id)
			.query((rs, i) -> new ScopeItem(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getBigDecimal(5), rs.getBigDecimal(6)))
			.list();
	}

	@Transactional(readOnly = true)
	public List<Opinion> opinions(long id) {
		return jdbc.sql("select id, username, text, created_at from ren_opinion where project_id = ? order by id")
			.param(id).query((rs, i) -> new Opinion(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant())).list();
	}

	@Transactional(readOnly = true)
	public List<Milestone> milestones(long id) {
		return jdbc.sql("select id, name, due_on, progress_pct, done_at from ren_milestone where project_id = ? order by due_on, id")
			.param(id).query((rs, i) -> new Milestone(rs.getLong(1), rs.getString(2), rs.getDate(3).toLocalDate(),
					rs.getInt(4), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant())).list();
	}

	@Transactional(readOnly = true)
	public List<AcceptanceStep> steps(long id) {
		return jdbc.sql("""
				select step, passed, note, done_by, done_at from ren_acceptance_step where project_id = ?
				 order by case step when 'DOCUMENT_REVIEW' then 1 when 'SELF_ASSESSMENT' then 2
				   when 'ONSITE_INSPECTION' then 3 else 4 end""").param(id)
			.query((rs, i) -> new AcceptanceStep(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5).toInstant())).list();
	}

	@Transactional(readOnly = true)
	public List<Defect> defects(long id) {
		return jdbc.sql("""
				select id, description, found_by, found_at, fixed_note, fixed_by, fixed_at from ren_defect
				 where project_id = ? order by id""").param(id)
			.query((rs, i) -> new Defect(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
					rs.getString(5), rs.getString(6), rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()))
			.list();
	}

	/** Totals under a node and, for a city or street, per child: what the seed reports. */
	@Transactional(readOnly = true)
	public Totals totals(Actor actor, long nodeId) {
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		List<Totals> children = new ArrayList<>();
		if (node.type() == NodeType.CITY || node.type() == NodeType.STREET) {
			for (NodeRef child : directory.descendants(actor, nodeId, node.type().childType().orElseThrow(), 500)) {
				if (child.parentId() != null && child.parentId() == nodeId) {
					children.add(totalsOf(child, List.of()));
				}
			}
		}
		return totalsOf(node, children);
	}

	private Totals totalsOf(NodeRef node, List<Totals> children) {
		return jdbc.sql("""
				select count(*), coalesce(sum(p.buildings), 0), coalesce(sum(p.floor_area_m2), 0),
				       count(*) filter (where p.status = 'ACCEPTED'),
				       (select count(distinct pc.compound_id) from ren_project_compound pc join ren_project q on q.id = pc.project_id and q.city_id = pc.city_id
				         where q.node_path >= ? and q.node_path < ?),
				       (select coalesce(sum(s.done_quantity), 0) from ren_scope_item s join ren_project q on q.id = s.project_id and q.city_id = s.city_id
				         where q.node_path >= ? and q.node_path < ? and s.unit = 'M' and s.kind like '%\\_PIPE' escape '\\')
				  from ren_project p where p.node_path >= ? and p.node_path < ?""")
			.params(node.path(), node.path() + "\uffff", node.path(), node.path() + "\uffff", node.path(),
					node.path() + "\uffff")
			.query((rs, i) -> new Totals(node.id(), node.name(), rs.getInt(1), rs.getInt(5), rs.getInt(2),
					rs.getBigDecimal(3), rs.getBigDecimal(6), rs.getInt(4), children))
			.single();
	}

	List<String> compoundNames(Project p) {
		return p.compoundIds().stream().map(c -> directory.findNode(c).map(NodeRef::name).orElse("")).toList();
	}

	boolean residentOf(Actor actor, Project p) {
		List<String> homes = actor.scopePaths(Set.of(Role.RESIDENT));
		return p.compoundIds().stream().map(directory::findNode).flatMap(Optional::stream)
			.anyMatch(c -> homes.stream().anyMatch(h -> h.startsWith(c.path())));
	}

	boolean manages(Actor actor, Project p) {
		return actor.reaches(p.nodePath(), MANAGERS);
	}

	boolean accepts(Actor actor, Project p) {
		return actor.reaches(p.nodePath(), ACCEPTORS);
	}

	private int openDefects(long id) {
		return jdbc.sql("select count(*) from ren_defect where project_id = ? and fixed_at is null").param(id)
			.query(Integer.class).single();
	}

	private void startWorks(Project p) {
		if ("SCOPE_FIXED".equals(p.status())) {
			jdbc.sql("update ren_project set status = 'UNDER_WAY' where id = ?").param(p.id()).update();
		}
	}

	private Project managed(Actor actor, long id) {
		Project p = locked(actor, id);
		if (!manages(actor, p)) {
			throw new ForbiddenException("renovation-manage");
		}
		return p;
	}

	private Project accepting(Actor actor, long id) {
		Project p = locked(actor, id);
		if (!accepts(actor, p)) {
			throw new ForbiddenException("renovation-accept");
		}
		return p;
	}

	private Project locked(Actor actor, long id) {
		jdbc.sql("select id from ren_project where id = ? and city_id = ? for update").params(id, actor.cityId())
			.query(Long.class).optional();
		return visible(actor, id);
	}

	private Optional<Project> find(long id) {
		return jdbc.sql("select * from ren_project where id = ?").param(id).query(this::map).optional();
	}

	private Project map(ResultSet rs, int row) throws SQLException {
		long id = rs.getLong("id");
		Timestamp decided = rs.getTimestamp("decided_at");
		return new Project(id, rs.getLong("node_id"), rs.getString("node_path"), rs.getString("name"), rs.getInt("year"),
				rs.getInt("buildings"), rs.getBigDecimal("floor_area_m2"), rs.getLong("budget_cents"),
				rs.getString("status"), (Long) rs.getObject("scope_notice_id"), rs.getString("decision_note"),
				rs.getString("decided_by"), decided == null ? null : decided.toInstant(), rs.getString("created_by"),
				jdbc.sql("select compound_id from ren_project_compound where project_id = ? order by compound_id")
					.param(id).query(Long.class).list());
	}

	private static void requireStatus(Project p, String... allowed) {
		for (String s : allowed) {
			if (s.equals(p.status())) {
				return;
			}
		}
		throw new ConflictException("renovation.error.status");
	}

	static String unitText(String unit) {
		return switch (unit) {
			case "M" -> " 米";
			case "M2" -> " 平方米";
			default -> " 处";
		};
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.strip();
	}

	private void audit(Actor actor, String action, long id, String path, String detail) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, "ren_project", id, path, detail));
	}
}
