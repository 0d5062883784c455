package org.xingfu.organization;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Actor.RoleGrant;
import org.xingfu.shared.Masking;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.PageResult;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/**
 * Read side of the organisation: nodes, households and people, always filtered by the caller's scope in the
 * query. What lies outside the scope answers {@link NotFoundException}, the same as what does not exist.
 */
@Service
@Transactional(readOnly = true)
public class OrganizationDirectory {

	private static final String COUNTS = """
			(select count(*) from org_node h
			  where h.type = 'HOUSEHOLD' and h.path >= c.path and h.path < c.path || '~') as households,
			(select count(distinct r.person_id) from org_residency r join org_node h on h.id = r.household_id
			  where h.path >= c.path and h.path < c.path || '~') as residents
			""";

	private final JdbcClient jdbc;

	OrganizationDirectory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A node the actor may read, with counts. */
	public NodeView node(Actor actor, long id) {
		NodeRef ref = findNode(id).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", id));
		return jdbc.sql("select c.id, c.type, c.name, c.parent_id, c.path, " + COUNTS + " from org_node c where c.id = ?")
			.param(ref.id())
			.query(OrganizationDirectory::nodeView)
			.single();
	}

	/** Children of a node the actor may read, paged by name. */
	public PageResult<NodeView> children(Actor actor, long id, int page, int size) {
		NodeRef parent = findNode(id).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", id));
		long total = jdbc.sql("select count(*) from org_node where parent_id = ?").param(parent.id())
			.query(Long.class).single();
		List<NodeView> items = jdbc.sql("select c.id, c.type, c.name, c.parent_id, c.path, " + COUNTS
				+ " from org_node c where c.parent_id = :id order by length(c.name), c.name limit :size offset :offset")
			.param("id", parent.id())
			.param("size", size)
			.param("offset", (long) page * size)
			.query(OrganizationDirectory::nodeView)
			.list();
		return new PageResult<>(items, page, size, total);
	}

	/** The nodes at which the actor's readable scopes start (the roots of their console). */
	public List<NodeRef> scopeRoots(Actor actor) {
		List<Long> ids = actor.scopePaths().stream().map(OrganizationDirectory::lastId).distinct().toList();
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("select id, type, name, parent_id, path from org_node where id in (:ids) order by path")
			.param("ids", ids)
			.query(OrganizationDirectory::nodeRef)
			.list();
	}

	/** A node by id, without any scope check: for other modules that resolve references. */
	public Optional<NodeRef> findNode(long id) {
		return jdbc.sql("select id, type, name, parent_id, path from org_node where id = ?").param(id)
			.query(OrganizationDirectory::nodeRef)
			.optional();
	}

	/** The chain of nodes from the city down to the node at {@code path}. */
	public List<NodeRef> ancestry(String path) {
		List<Long> ids = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("select id, type, name, parent_id, path from org_node where id in (:ids) order by length(path)")
			.param("ids", ids)
			.query(OrganizationDirectory::nodeRef)
			.list();
	}

	/** Postal-style address below the community: 财政小区 1号楼 1单元 101. */
	public String address(String path) {
		return ancestry(path).stream()
			.filter(n -> n.type().ordinal() >= NodeType.COMPOUND.ordinal())
			.map(NodeRef::name)
			.collect(Collectors.joining(" "));
	}

	public HouseholdView household(Actor actor, long id) {
		NodeRef node = findNode(id).filter(n -> n.type() == NodeType.HOUSEHOLD && actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("household", id));
		record Row(BigDecimal area, long version) {
		}
		Row row = jdbc.sql("select area_m2, version from org_household where node_id = ?").param(id)
			.query((rs, n) -> new Row(rs.getBigDecimal(1), rs.getLong(2))).single();
		String address = address(node.path());
		return new HouseholdView(id, node.name(), row.area(), address, node.path(), row.version(),
				people(actor, node.path(), List.of(id), address).getOrDefault(id, List.of()));
	}

	/** Households of a unit, with their people. */
	public List<HouseholdView> householdsOfUnit(Actor actor, long unitId) {
		NodeRef unit = findNode(unitId).filter(n -> n.type() == NodeType.UNIT && actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("unit", unitId));
		String unitAddress = address(unit.path());
		record Row(long id, String room, BigDecimal area, String path, long version) {
		}
		List<Row> rows = jdbc.sql("""
				select n.id, n.name, h.area_m2, n.path, h.version from org_node n join org_household h on h.node_id = n.id
				 where n.parent_id = ? order by length(n.name), n.name""")
			.param(unitId)
			.query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3), rs.getString(4),
					rs.getLong(5)))
			.list();
		Map<Long, List<PersonView>> people = people(actor, unit.path(), rows.stream().map(Row::id).toList(), null);
		return rows.stream()
			.map(r -> new HouseholdView(r.id(), r.room(), r.area(), unitAddress + " " + r.room(), r.path(),
					r.version(), people.getOrDefault(r.id(), List.of())))
			.toList();
	}

	private Map<Long, List<PersonView>> people(Actor actor, String path, List<Long> householdIds, String address) {
		if (householdIds.isEmpty()) {
			return Map.of();
		}
		boolean full = actor.seesPersonalDataAt(path) || actor.personId() != null && isOwnHousehold(actor, path);
		Map<Long, List<PersonView>> result = new LinkedHashMap<>();
		jdbc.sql("""
				select p.id, p.name, p.phone, p.party_member, r.relation, r.share_pct, r.household_id
				  from org_residency r join org_person p on p.id = r.person_id
				 where r.household_id in (:ids) order by r.household_id, r.relation, p.id""")
			.param("ids", householdIds)
			.query(rs -> {
				long householdId = rs.getLong(7);
				BigDecimal share = rs.getBigDecimal(6);
				result.computeIfAbsent(householdId, k -> new ArrayList<>())
					.add(new PersonView(rs.getLong(1), full ? rs.getString(2) : Masking.name(rs.getString(2)),
							full ? rs.getString(3) : Masking.phone(rs.getString(3)), rs.getBoolean(4), rs.getString(5),
							share == null ? null : share.stripTrailingZeros().toPlainString(), householdId, address,
							!full));
			});
		return result;
	}

	private static boolean isOwnHousehold(Actor actor, String path) {
		return actor.reaches(path, List.of(Role.RESIDENT));
	}

	/** People registered in the actor's scope whose name or phone matches {@code query}. */
	public PageResult<PersonView> searchPeople(Actor actor, String query, int page, int size) {
		ScopeSql.Fragment scope = ScopeSql.within("p.home_path", actor.scopePaths(), "s");
		String q = query == null ? "" : query.strip();
		String filter = q.isEmpty() ? "true"
				: q.chars().allMatch(Character::isDigit) ? "p.phone like :q" : "p.name like :q";
		Map<String, Object> params = new HashMap<>(scope.params());
		params.put("q", q.chars().allMatch(Character::isDigit) ? q + "%" : "%" + q + "%");
		long total = jdbc.sql("select count(*) from org_person p where " + scope.sql() + " and " + filter)
			.params(params).query(Long.class).single();
		params.put("size", size);
		params.put("offset", (long) page * size);
		List<PersonView> items = new ArrayList<>();
		jdbc.sql("""
				select p.id, p.name, p.phone, p.party_member, p.home_path,
				       (select r.relation from org_residency r where r.person_id = p.id order by r.id limit 1),
				       (select r.household_id from org_residency r where r.person_id = p.id order by r.id limit 1)
				  from org_person p where %s and %s order by p.name, p.id limit :size offset :offset"""
			.formatted(scope.sql(), filter))
			.params(params)
			.query(rs -> {
				String home = rs.getString(5);
				boolean full = actor.seesPersonalDataAt(home);
				long householdId = rs.getLong(7);
				items.add(new PersonView(rs.getLong(1), full ? rs.getString(2) : Masking.name(rs.getString(2)),
						full ? rs.getString(3) : Masking.phone(rs.getString(3)), rs.getBoolean(4), rs.getString(6),
						null, rs.wasNull() ? null : householdId, address(home), !full));
			});
		return new PageResult<>(items, page, size, total);
	}

	/**
	 * The roles a person holds, with the paths each reaches: assignments at nodes, plus an implicit resident role
	 * for every household they live in or own. Identity builds the {@link Actor} from this at login.
	 */
	public List<RoleGrant> grantsOf(long personId) {
		List<RoleGrant> grants = new ArrayList<>();
		record Assignment(Role role, long nodeId, String name, NodeType type, String path, Long gridId) {
		}
		List<Assignment> assignments = jdbc.sql("""
				select ra.role, n.id, n.name, n.type, n.path, ra.grid_id
				  from org_role_assignment ra join org_node n on n.id = ra.node_id
				 where ra.person_id = ? order by ra.id""")
			.param(personId)
			.query((rs, i) -> new Assignment(Role.valueOf(rs.getString(1)), rs.getLong(2), rs.getString(3),
					NodeType.valueOf(rs.getString(4)), rs.getString(5), (Long) rs.getObject(6)))
			.list();
		for (Assignment a : assignments) {
			List<String> paths = a.gridId() == null ? List.of(a.path())
					: jdbc.sql("""
							select b.path from org_grid_building gb join org_node b on b.id = gb.building_id
							 where gb.grid_id = ? order by b.path""").param(a.gridId()).query(String.class).list();
			grants.add(new RoleGrant(a.role(), a.nodeId(), a.name(), a.type(), a.gridId(), paths));
		}
		jdbc.sql("""
				select n.id, n.name, n.path from org_residency r join org_node n on n.id = r.household_id
				 where r.person_id = ? order by n.path""")
			.param(personId)
			.query(rs -> {
				grants.add(new RoleGrant(Role.RESIDENT, rs.getLong(1), rs.getString(2), NodeType.HOUSEHOLD, null,
						List.of(rs.getString(3))));
			});
		return grants;
	}

	/** Display titles of roles, where a city renamed them (the 三长). */
	public Map<Role, String> roleTitles(boolean chinese) {
		Map<Role, String> titles = new HashMap<>();
		jdbc.sql("select role, title_zh, title_en from org_role_title")
			.query(rs -> {
				titles.put(Role.valueOf(rs.getString(1)), chinese ? rs.getString(2) : rs.getString(3));
			});
		return titles;
	}

	static NodeView nodeView(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		long parent = rs.getLong(4);
		Long parentId = rs.wasNull() ? null : parent;
		return new NodeView(rs.getLong(1), NodeType.valueOf(rs.getString(2)), rs.getString(3), parentId,
				rs.getString(5), rs.getLong(6), rs.getLong(7));
	}

	static NodeRef nodeRef(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		long parent = rs.getLong(4);
		Long parentId = rs.wasNull() ? null : parent;
		return new NodeRef(rs.getLong(1), NodeType.valueOf(rs.getString(2)), rs.getString(3), parentId,
				rs.getString(5));
	}

	static long lastId(String path) {
		String[] parts = path.split("/");
		return Long.parseLong(parts[parts.length - 1]);
	}
}
