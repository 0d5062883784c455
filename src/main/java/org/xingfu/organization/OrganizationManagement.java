package org.xingfu.organization;

import java.math.BigDecimal;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/**
 * Write side of the organisation: create nodes, households and the people in them. Only the editors of
 * {@link Role#ORG_EDITORS} may write, and only inside their scope; every change is recorded for the audit log.
 */
@Service
@Transactional
public class OrganizationManagement {

	/** Who lives in or owns a household. */
	public enum Relation {
		OWNER, RESIDENT, TENANT
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;
	private final RoleTitles titles;

	OrganizationManagement(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events,
			RoleTitles titles) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
		this.titles = titles;
	}

	/**
	 * Registers a property company of the actor's city (the property module checks who may). The company is the
	 * organisation's record because property staff hold their role for a company.
	 */
	public long createPropertyCompany(Actor actor, long cityId, String name, boolean stateOwned) {
		long id = jdbc.sql("insert into org_property_company (city_id, name, state_owned) values (?, ?, ?) returning id")
			.params(cityId, name.strip(), stateOwned).query(Long.class).single();
		record(actor, "PROPERTY_COMPANY_CREATED", "property_company", id, "/" + cityId + "/", name);
		return id;
	}

	/** Records that a company serves a compound from {@code since} (until {@code until}, if known). */
	public void recordPropertyService(Actor actor, long companyId, NodeRef compound, java.time.LocalDate since,
			java.time.LocalDate until) {
		jdbc.sql("insert into org_property_service (company_id, compound_id, since, until, city_id) values (?, ?, ?, ?, ?)")
			.params(companyId, compound.id(), since, until, ScopeSql.cityOf(compound.path())).update();
		record(actor, "PROPERTY_SERVICE_RECORDED", "property_company", companyId, compound.path(), since.toString());
	}

	/** What the bootstrap made: a city, and the person who administers it. */
	public record FoundedCity(long cityId, String cityPath, long adminPersonId) {
	}

	/**
	 * A new city, the root of its tree, with a person holding the city administrator's role there: the first step of
	 * an installation ({@code --xingfu.bootstrap.city}), before any account exists to act as. A city of that name
	 * is refused: a second bootstrap must not make a twin.
	 */
	public FoundedCity foundCity(String cityName, String adminName) {
		String name = cityName.strip();
		if (jdbc.sql("select exists (select 1 from org_node where type = 'CITY' and name = ?)").param(name)
			.query(Boolean.class).single()) {
			throw new ConflictException("org.error.duplicateName", name);
		}
		long id = jdbc.sql("select nextval(pg_get_serial_sequence('org_node', 'id'))").query(Long.class).single();
		String path = "/" + id + "/";
		jdbc.sql("insert into org_node (id, city_id, type, name, path) values (?, ?, 'CITY', ?, ?)")
			.params(id, id, name, path).update();
		long person = jdbc.sql("insert into org_person (city_id, name, home_path) values (?, ?, ?) returning id")
			.params(id, adminName.strip(), path).query(Long.class).single();
		jdbc.sql("insert into org_role_assignment (person_id, role, node_id, city_id) values (?, 'CITY_ADMIN', ?, ?)")
			.params(person, id, id).update();
		events.publishEvent(ActionRecorded.of("bootstrap", "CITY_FOUNDED", "node", id, path, null));
		return new FoundedCity(id, path, person);
	}

	/**
	 * Erases a person who moved away (issue 24, PIPL art. 47), for staff who may edit people of the person's place:
	 * the register keeps the row (cases, votes and figures point at it) with a placeholder for the name and nothing
	 * else that tells who it was; the person lives nowhere and holds no role any more. The caller publishes
	 * {@link PersonErased} for the other modules. Returns the person's place, for the audit log.
	 */
	public String erasePerson(Actor actor, long personId, String placeholder) {
		String home = directory.personHome(actor, personId).orElseThrow(() -> new NotFoundException("person", personId));
		if (!actor.reaches(home, Role.ORG_EDITORS)) {
			throw new ForbiddenException("erase person");
		}
		long city = ScopeSql.cityOf(home);
		if (jdbc.sql("update org_person set name = ?, phone = null, id_number = null, party_member = false, "
				+ "updated_at = now(), version = version + 1 where id = ? and city_id = ? and name <> ?")
			.params(placeholder, personId, city, placeholder).update() == 0) {
			throw new ConflictException("person.error.erased");
		}
		jdbc.sql("delete from org_residency where person_id = ? and city_id = ?").params(personId, city).update();
		jdbc.sql("delete from org_role_assignment where person_id = ? and city_id = ?").params(personId, city).update();
		jdbc.sql("delete from org_party_member where person_id = ? and city_id = ?").params(personId, city).update();
		return home;
	}

	/** Adds a child node (street, community, compound, building or unit) under {@code parentId}. */
	public NodeRef createNode(Actor actor, long parentId, NodeType type, String name) {
		NodeRef parent = editableNode(actor, parentId);
		if (type == NodeType.HOUSEHOLD || parent.type().childType().filter(t -> t == type).isEmpty()) {
			throw new ConflictException("org.error.childType", parent.type().name(), type.name());
		}
		long id = insertNode(parent.id(), type, name.strip());
		NodeRef created = directory.findNode(id).orElseThrow();
		record(actor, "NODE_CREATED", "node", id, created.path(), type.name());
		return created;
	}

	/** Adds a household with its exclusive area to a unit. */
	public NodeRef createHousehold(Actor actor, long unitId, String room, BigDecimal areaM2) {
		NodeRef unit = editableNode(actor, unitId);
		if (unit.type() != NodeType.UNIT) {
			throw new ConflictException("org.error.childType", unit.type().name(), NodeType.HOUSEHOLD.name());
		}
		long id = insertNode(unit.id(), NodeType.HOUSEHOLD, room.strip());
		jdbc.sql("insert into org_household (node_id, city_id, area_m2) select id, city_id, ? from org_node where id = ?")
			.params(areaM2, id).update();
		directory.forgetAreas();
		NodeRef created = directory.findNode(id).orElseThrow();
		record(actor, "HOUSEHOLD_CREATED", "household", id, created.path(), null);
		return created;
	}

	/** Corrects a household's exclusive area; {@code version} guards against overwriting a concurrent edit. */
	public void updateHousehold(Actor actor, long householdId, BigDecimal areaM2, long version) {
		NodeRef node = editableNode(actor, householdId);
		if (node.type() != NodeType.HOUSEHOLD) {
			throw new NotFoundException("household", householdId);
		}
		int updated = jdbc.sql("""
				update org_household set area_m2 = ?, version = version + 1, updated_at = now()
				 where node_id = ? and version = ?""").params(areaM2, householdId, version).update();
		if (updated == 0) {
			throw new ConflictException("org.error.staleHousehold");
		}
		directory.forgetAreas();
		record(actor, "HOUSEHOLD_UPDATED", "household", householdId, node.path(), null);
	}

	/** Registers a person in a household as owner, resident or tenant; returns the person's id. */
	public long addPerson(Actor actor, long householdId, String name, String phone, Relation relation,
			BigDecimal sharePct) {
		NodeRef household = editableNode(actor, householdId);
		if (household.type() != NodeType.HOUSEHOLD) {
			throw new NotFoundException("household", householdId);
		}
		long personId = jdbc.sql("""
				insert into org_person (city_id, name, phone, home_path, resident)
				select city_id, ?, ?, path, true from org_node where id = ? returning id""")
			.params(name.strip(), phone == null || phone.isBlank() ? null : phone.strip(), householdId)
			.query(Long.class).single();
		jdbc.sql("insert into org_residency (person_id, household_id, relation, share_pct, city_id) values (?, ?, ?, ?, ?)")
			.params(personId, householdId, relation.name(), relation == Relation.OWNER ? sharePct : null,
					ScopeSql.cityOf(household.path()))
			.update();
		record(actor, "PERSON_REGISTERED", "person", personId, household.path(), relation.name());
		return personId;
	}

	/** Corrects a person's name or phone. */
	public void updatePerson(Actor actor, long personId, String name, String phone) {
		String home = jdbc.sql("select home_path from org_person where id = ?").param(personId).query(String.class)
			.optional().filter(actor::canRead).orElseThrow(() -> new NotFoundException("person", personId));
		if (!actor.reaches(home, Role.ORG_EDITORS)) {
			throw new ForbiddenException("edit person");
		}
		jdbc.sql("update org_person set name = ?, phone = ?, version = version + 1, updated_at = now() where id = ?")
			.params(name.strip(), phone == null || phone.isBlank() ? null : phone.strip(), personId).update();
		record(actor, "PERSON_UPDATED", "person", personId, home, null);
	}

	/** Which roles may be held at each level of the tree. */
	public static java.util.Set<Role> rolesAt(NodeType type) {
		return switch (type) {
			case CITY -> java.util.EnumSet.of(Role.CITY_ADMIN, Role.CITY_DEPARTMENT, Role.VOLUNTEER);
			case STREET -> java.util.EnumSet.of(Role.STREET_ADMIN, Role.PARTNER_UNIT, Role.VOLUNTEER);
			case COMMUNITY -> java.util.EnumSet.of(Role.COMMUNITY_STAFF, Role.GRID_HEAD, Role.GRID_WORKER,
					Role.PARTNER_UNIT, Role.VOLUNTEER);
			case COMPOUND -> java.util.EnumSet.of(Role.FIRST_SECRETARY, Role.SUNK_CADRE, Role.PROPERTY_STAFF,
					Role.WELFARE_PROPERTY_MEMBER, Role.VOLUNTEER);
			case BUILDING -> java.util.EnumSet.of(Role.BUILDING_HEAD);
			case UNIT -> java.util.EnumSet.of(Role.UNIT_HEAD);
			case HOUSEHOLD -> java.util.EnumSet.noneOf(Role.class);
		};
	}

	/**
	 * Gives a person a role at a node. The person is found by phone among the people the actor may read, or
	 * registered at the node when new (a sunk cadre from a city office lives elsewhere). Only an editor whose own
	 * role sits above the node may grant (a community's staff appoint its 三长, not each other); a city admin may
	 * grant anything in the city.
	 */
	public long assignRole(Actor actor, long nodeId, Role role, String name, String phone, Long gridId,
			String originUnit) {
		NodeRef node = editableNode(actor, nodeId);
		if (!rolesAt(node.type()).contains(role)) {
			throw new ConflictException("org.error.roleLevel");
		}
		boolean gridRole = role == Role.GRID_HEAD || role == Role.GRID_WORKER;
		if (gridRole != (gridId != null) || gridId != null && jdbc.sql(
				"select count(*) from org_grid where id = ? and community_id = ?").params(gridId, nodeId)
			.query(Long.class).single() == 0) {
			throw new ConflictException("org.error.gridRequired");
		}
		if (!mayAppoint(actor, node, role)) {
			throw new ForbiddenException("assign role");
		}
		String cleanPhone = phone.strip();
		Long personId = jdbc.sql("select id, home_path from org_person where phone = ? and city_id = (select city_id from org_node where id = ?) order by id")
			.params(cleanPhone, nodeId)
			.query((rs, i) -> actor.canRead(rs.getString(2)) ? rs.getLong(1) : null)
			.list().stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
		if (personId == null) {
			personId = jdbc.sql("""
					insert into org_person (city_id, name, phone, home_path)
					select city_id, ?, ?, path from org_node where id = ? returning id""")
				.params(name.strip(), cleanPhone, nodeId).query(Long.class).single();
		}
		Long companyId = role == Role.PROPERTY_STAFF ? jdbc.sql("""
				select company_id from org_property_service where compound_id = ? and (until is null or until >= current_date)
				 order by since desc limit 1""").param(nodeId).query(Long.class).optional().orElse(null) : null;
		try {
			long id = jdbc.sql("""
					insert into org_role_assignment (person_id, role, node_id, grid_id, property_company_id, origin_unit,
					  city_id)
					values (?, ?, ?, ?, ?, ?, ?) returning id""")
				.params(personId, role.name(), nodeId, gridId, companyId,
						originUnit == null || originUnit.isBlank() ? null : originUnit.strip(), ScopeSql.cityOf(node.path()))
				.query(Long.class).single();
			record(actor, "ROLE_ASSIGNED", "role_assignment", id, node.path(), role.name());
			return id;
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("org.error.roleExists");
		}
	}

	/** Ends a role assignment (the person stays registered). */
	public void revokeRole(Actor actor, long assignmentId) {
		record Held(long nodeId, Role role, long personId) {
		}
		Held held = jdbc.sql("select node_id, role, person_id from org_role_assignment where id = ?").param(assignmentId)
			.query((rs, i) -> new Held(rs.getLong(1), Role.valueOf(rs.getString(2)), rs.getLong(3))).optional()
			.orElseThrow(() -> new NotFoundException("role assignment", assignmentId));
		NodeRef node = editableNode(actor, held.nodeId());
		if (!mayAppoint(actor, node, held.role())) {
			throw new ForbiddenException("revoke role");
		}
		jdbc.sql("delete from org_role_assignment where id = ?").param(assignmentId).update();
		record(actor, "ROLE_REVOKED", "role_assignment", assignmentId, node.path(), null);
		// in this transaction: the person's sessions and tokens, which carry the role, end with it (identity)
		events.publishEvent(new RoleRevoked(held.personId(), held.role(), node.id()));
	}

	/**
	 * Editors appoint anyone below them; an editor role at a node (community staff, a first secretary) is given
	 * only from a level above, so nobody appoints their own peers. A city admin may appoint anything in the city.
	 */
	private static boolean mayAppoint(Actor actor, NodeRef node, Role role) {
		if (actor.has(Role.CITY_ADMIN) || !Role.ORG_EDITORS.contains(role) && role != Role.CITY_DEPARTMENT) {
			return true;
		}
		return actor.grants().stream()
			.filter(g -> Role.ORG_EDITORS.contains(g.role()))
			.flatMap(g -> g.scopePaths().stream())
			.anyMatch(p -> node.path().startsWith(p) && !node.path().equals(p));
	}

	/** Renames the display title of a role (the 三长 are called differently from city to city). City admins only. */
	public void renameRole(Actor actor, Role role, String titleZh, String titleEn) {
		if (!actor.has(Role.CITY_ADMIN)) {
			throw new ForbiddenException("rename role");
		}
		jdbc.sql("""
				insert into org_role_title (role, title_zh, title_en) values (?, ?, ?)
				on conflict (role) do update set title_zh = excluded.title_zh, title_en = excluded.title_en, updated_at = excluded.updated_at""")
			.params(role.name(), titleZh.strip(), titleEn.strip()).update();
		titles.invalidate();
		events.publishEvent(ActionRecorded.of(actor.username(), "ROLE_RENAMED", "role", role.name(), null, null));
	}

	/** The node, if the actor may edit below it: 404 when out of sight, 403 when visible but read-only. */
	NodeRef editableNode(Actor actor, long id) {
		NodeRef node = directory.findNode(id).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", id));
		if (!actor.reaches(node.path(), Role.ORG_EDITORS)) {
			throw new ForbiddenException("edit node");
		}
		return node;
	}

	long insertNode(long parentId, NodeType type, String name) {
		try {
			// the city and the path come from the parent, in the statement (Citus routes the row by its city)
			return jdbc.sql("""
					insert into org_node (id, city_id, parent_id, type, name, path)
					select n.id, p.city_id, p.id, ?, ?, p.path || n.id || '/'
					  from org_node p cross join (select nextval(pg_get_serial_sequence('org_node', 'id')) as id) n
					 where p.id = ?
					returning id""").params(type.name(), name, parentId).query(Long.class).single();
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("org.error.duplicateName", name);
		}
	}

	void record(Actor actor, String action, String targetType, long id, String path, String detail) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, targetType, id, path, detail));
	}
}
