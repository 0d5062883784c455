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
import org.xingfu.shared.Actor.RoleGrant;
import org.xingfu.shared.Actor;
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

	private final com.github.benmanes.caffeine.cache.Cache<String, List<CompoundArea>> compoundAreas =
			com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(2_000)
				.expireAfterWrite(java.time.Duration.ofMinutes(5)).build();

	private static final String COUNTS = """
			(select count(*) from org_node h
			  where h.type = 'HOUSEHOLD' and h.path >= c.path and h.path < c.path || '~') as households,
			(select count(*) from org_person p
			  where p.resident and p.home_path >= c.path and p.home_path < c.path || '~') as residents
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

	/** Nodes of a type below a node the actor may read, by path (e.g. the compounds of a street). */
	public List<NodeRef> descendants(Actor actor, long id, NodeType type, int limit) {
		NodeRef node = findNode(id).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", id));
		return jdbc.sql("""
				select id, type, name, parent_id, path from org_node
				 where type = :type and path >= :lo and path < :hi order by path limit :limit""")
			.param("type", type.name())
			.param("lo", node.path())
			.param("hi", ScopeSql.upperBound(node.path()))
			.param("limit", limit)
			.query(OrganizationDirectory::nodeRef)
			.list();
	}

	/**
	 * The compounds an actor works in, for the place pickers of forms: those below their scope roots, their own
	 * compound if they hold a role at one, and the compound above a building or unit they hold a role at.
	 */
	public List<NodeRef> compoundsInScope(Actor actor, int limit) {
		List<NodeRef> result = new java.util.ArrayList<>();
		for (NodeRef root : scopeRoots(actor)) {
			if (root.type().ordinal() <= NodeType.COMPOUND.ordinal()) {
				result.addAll(descendants(actor, root.id(), NodeType.COMPOUND, limit));
			}
			else {
				ancestry(root.path()).stream().filter(n -> n.type() == NodeType.COMPOUND).findFirst()
					.ifPresent(result::add);
			}
		}
		return result.stream().distinct().limit(limit).toList();
	}

	/**
	 * Nodes of a type under a path, in path order, without a scope check: for the dashboards and the rating, which
	 * have checked their reader's scope on the node above and show aggregates only.
	 */
	public List<NodeRef> nodesUnder(String path, NodeType type, int limit) {
		return jdbc.sql("""
				select id, type, name, parent_id, path from org_node
				 where type = :type and path >= :lo and path < :hi order by path limit :limit""")
			.param("type", type.name())
			.param("lo", path)
			.param("hi", ScopeSql.upperBound(path))
			.param("limit", limit)
			.query(OrganizationDirectory::nodeRef)
			.list();
	}

	/** The children of a node in the order they were made, without a scope check (see {@link #nodesUnder}). */
	public List<NodeRef> childNodes(long parentId, int limit) {
		return jdbc.sql("select id, type, name, parent_id, path from org_node where parent_id = ? order by id limit ?")
			.params(parentId, limit).query(OrganizationDirectory::nodeRef).list();
	}

	/**
	 * The cities (the roots of the tree), in the order they were made: all of them, since the jobs that claim rows
	 * city by city go through this list (a country has a few hundred).
	 */
	public List<NodeRef> cities() {
		return jdbc.sql("select id, type, name, parent_id, path from org_node where parent_id is null order by id")
			.query(OrganizationDirectory::nodeRef).list();
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

	/** Addresses of many paths with one query (list pages). */
	public Map<String, String> addresses(java.util.Collection<String> paths) {
		java.util.Set<Long> ids = new java.util.HashSet<>();
		for (String path : paths) {
			Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).map(Long::valueOf).forEach(ids::add);
		}
		if (ids.isEmpty()) {
			return Map.of();
		}
		Map<Long, NodeRef> nodes = new HashMap<>();
		jdbc.sql("select id, type, name, parent_id, path from org_node where id in (:ids)").param("ids", ids)
			.query(OrganizationDirectory::nodeRef).list().forEach(n -> nodes.put(n.id(), n));
		Map<String, String> result = new HashMap<>();
		for (String path : paths) {
			result.put(path, Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).map(Long::valueOf)
				.map(nodes::get).filter(n -> n != null && n.type().ordinal() >= NodeType.COMPOUND.ordinal())
				.map(NodeRef::name).collect(Collectors.joining(" ")));
		}
		return result;
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
				select n.id, n.name, h.area_m2, n.path, h.version from org_node n join org_household h on h.node_id = n.id and h.city_id = n.city_id
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
				  from org_residency r join org_person p on p.id = r.person_id and p.city_id = r.city_id
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
				       (select r.relation from org_residency r where r.person_id = p.id and r.city_id = p.city_id order by r.id limit 1),
				       (select r.household_id from org_residency r where r.person_id = p.id and r.city_id = p.city_id order by r.id limit 1)
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
				  from org_role_assignment ra join org_node n on n.id = ra.node_id and n.city_id = ra.city_id
				 where ra.person_id = ? order by ra.id""")
			.param(personId)
			.query((rs, i) -> new Assignment(Role.valueOf(rs.getString(1)), rs.getLong(2), rs.getString(3),
					NodeType.valueOf(rs.getString(4)), rs.getString(5), (Long) rs.getObject(6)))
			.list();
		for (Assignment a : assignments) {
			List<String> paths = a.gridId() == null ? List.of(a.path())
					: jdbc.sql("""
							select b.path from org_grid_building gb join org_node b on b.id = gb.building_id and b.city_id = gb.city_id
							 where gb.grid_id = ? order by b.path""").param(a.gridId()).query(String.class).list();
			grants.add(new RoleGrant(a.role(), a.nodeId(), a.name(), a.type(), a.gridId(), paths));
		}
		jdbc.sql("""
				select n.id, n.name, n.path from org_residency r join org_node n on n.id = r.household_id and n.city_id = r.city_id
				 where r.person_id = ? order by n.path""")
			.param(personId)
			.query(rs -> {
				grants.add(new RoleGrant(Role.RESIDENT, rs.getLong(1), rs.getString(2), NodeType.HOUSEHOLD, null,
						List.of(rs.getString(3))));
			});
		return grants;
	}

	/** The people holding one of {@code roles} at exactly this node (not below it): who answers for the node. */
	public List<Long> peopleWithRoleAt(long nodeId, java.util.Set<Role> roles) {
		if (roles.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("select distinct person_id from org_role_assignment where node_id = :node and role in (:roles) order by person_id")
			.param("node", nodeId)
			.param("roles", roles.stream().map(Role::name).toList())
			.query(Long.class)
			.list();
	}

	/**
	 * The people holding one of {@code roles} on the way from the compound down to {@code path} (the compound, the
	 * building, the unit) or in the grid of that building: who hears of a new case there first.
	 */
	public List<Long> peopleAlong(String path, java.util.Set<Role> roles) {
		String[] ids = path.substring(1).split("/");
		if (ids.length < 4 || roles.isEmpty()) {
			return List.of();
		}
		List<Long> nodes = new ArrayList<>();
		for (int i = 3; i < Math.min(ids.length, 6); i++) {
			nodes.add(Long.parseLong(ids[i]));
		}
		long building = ids.length > 4 ? Long.parseLong(ids[4]) : -1;
		return jdbc.sql("""
				select distinct person_id from org_role_assignment
				 where role in (:roles) and (node_id in (:nodes)
				    or grid_id in (select grid_id from org_grid_building where building_id = :building))
				 order by person_id""")
			.param("roles", roles.stream().map(Role::name).toList()).param("nodes", nodes).param("building", building)
			.query(Long.class).list();
	}

	/** Roles, grids, property companies, party organisations and alliances at a node the actor may read. */
	public NodeDetails details(Actor actor, long nodeId) {
		NodeRef node = findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		boolean full = actor.seesPersonalDataAt(node.path());
		List<NodeDetails.RoleHolder> holders = jdbc.sql("""
				select ra.id, ra.role, p.name, p.phone, g.name, coalesce(pc.name, ra.origin_unit)
				  from org_role_assignment ra join org_person p on p.id = ra.person_id and p.city_id = ra.city_id
				  left join org_grid g on g.id = ra.grid_id and g.city_id = ra.city_id
				  left join org_property_company pc on pc.id = ra.property_company_id and pc.city_id = ra.city_id
				 where ra.node_id = ? order by ra.role, g.name nulls first, ra.id limit 200""")
			.param(nodeId)
			.query((rs, i) -> new NodeDetails.RoleHolder(rs.getLong(1), rs.getString(2),
					full ? rs.getString(3) : Masking.name(rs.getString(3)),
					full ? rs.getString(4) : Masking.phone(rs.getString(4)), rs.getString(5), rs.getString(6)))
			.list();
		List<NodeDetails.GridView> grids = jdbc.sql("""
				select g.id, g.name,
				       (select count(*) from org_grid_building gb where gb.grid_id = g.id and gb.city_id = g.city_id),
				       (select count(*) from org_grid_building gb join org_node b on b.id = gb.building_id and b.city_id = gb.city_id
				          join org_node h on h.type = 'HOUSEHOLD' and h.city_id = b.city_id and h.path >= b.path and h.path < b.path || '~'
				         where gb.grid_id = g.id and gb.city_id = g.city_id),
				       (select p.name from org_role_assignment ra join org_person p on p.id = ra.person_id and p.city_id = ra.city_id
				         where ra.grid_id = g.id and ra.role = 'GRID_HEAD' order by ra.id limit 1)
				  from org_grid g where g.community_id = ? order by length(g.name), g.name""")
			.param(nodeId)
			.query((rs, i) -> new NodeDetails.GridView(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
					rs.getString(5) == null ? null : full ? rs.getString(5) : Masking.name(rs.getString(5))))
			.list();
		List<String> companies = jdbc.sql("""
				select c.name from org_property_service s join org_property_company c on c.id = s.company_id and c.city_id = s.city_id
				 where s.compound_id = ? and (s.until is null or s.until >= current_date) order by s.since""")
			.param(nodeId).query(String.class).list();
		List<NodeDetails.PartyOrgView> party = jdbc.sql("""
				select o.id, o.type, o.name, (select count(*) from org_party_member m where m.party_org_id = o.id and m.city_id = o.city_id)
				  from org_party_org o where o.node_id = ? order by o.type, o.id""")
			.param(nodeId)
			.query((rs, i) -> new NodeDetails.PartyOrgView(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getLong(4)))
			.list();
		List<NodeDetails.AllianceView> alliances = jdbc.sql("select id, name from org_alliance where node_id = ? order by id")
			.param(nodeId)
			.query((rs, i) -> new NodeDetails.AllianceView(rs.getLong(1), rs.getString(2),
					jdbc.sql("select name from org_partner_unit where alliance_id = ? order by id").param(rs.getLong(1))
						.query(String.class).list()))
			.list();
		return new NodeDetails(holders, grids, companies, party, alliances);
	}

	/** An exclusive part (household) as an owners' vote counts it: its area, its owners, and whether the developer holds it. */
	public record OwnedPart(long householdId, java.math.BigDecimal area, List<Long> ownerIds, boolean developerHeld) {
	}

	/** The exclusive parts under a node (a compound or building), with their registered owners. */
	public List<OwnedPart> ownedParts(String path) {
		return jdbc.sql("""
				select h.node_id, h.area_m2, h.developer_held,
				       coalesce(array_agg(r.person_id order by r.person_id) filter (where r.relation = 'OWNER'), '{}')
				  from org_household h join org_node n on n.id = h.node_id and n.city_id = h.city_id
				  left join org_residency r on r.household_id = h.node_id and r.city_id = h.city_id
				 where n.path >= ? and n.path < ? group by h.node_id, h.area_m2, h.developer_held order by h.node_id""")
			.params(path, path + "\uffff")
			.query((rs, i) -> new OwnedPart(rs.getLong(1), rs.getBigDecimal(2),
					java.util.Arrays.asList((Long[]) rs.getArray(4).getArray()), rs.getBoolean(3)))
			.list();
	}

	/** A property company of the register. */
	public record PropertyCompanyRef(long id, long cityId, String name, boolean stateOwned) {
	}

	public List<PropertyCompanyRef> propertyCompanies(long cityId) {
		return jdbc.sql("select id, city_id, name, state_owned from org_property_company where city_id = ? order by id")
			.param(cityId)
			.query((rs, i) -> new PropertyCompanyRef(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBoolean(4)))
			.list();
	}

	public Optional<PropertyCompanyRef> propertyCompany(long id) {
		return jdbc.sql("select id, city_id, name, state_owned from org_property_company where id = ?").param(id)
			.query((rs, i) -> new PropertyCompanyRef(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBoolean(4)))
			.optional();
	}

	/** The company a property staff member works for at a node, if the grant names one. */
	public Optional<Long> propertyCompanyOf(long personId, long nodeId) {
		return jdbc.sql("""
				select property_company_id from org_role_assignment
				 where person_id = ? and node_id = ? and role = 'PROPERTY_STAFF' and property_company_id is not null""")
			.params(personId, nodeId).query(Long.class).optional();
	}

	/** The grid a place belongs to: the grid of its building (a place above a building has none). */
	public Optional<Long> gridOf(String path) {
		String[] ids = path.substring(1).split("/");
		if (ids.length < 5) {
			return Optional.empty();
		}
		return jdbc.sql("select grid_id from org_grid_building where building_id = ?").param(Long.parseLong(ids[4]))
			.query(Long.class).optional();
	}

	/** The grid heads and grid workers whose grids hold buildings under a node: the people a dispatch goes to. */
	public List<Long> gridWorkersUnder(String path) {
		return jdbc.sql("""
				select distinct ra.person_id from org_role_assignment ra
				  join org_grid_building gb on gb.grid_id = ra.grid_id and gb.city_id = ra.city_id join org_node b on b.id = gb.building_id and b.city_id = gb.city_id
				 where ra.role in ('GRID_HEAD', 'GRID_WORKER') and b.path >= ? and b.path < ? order by 1""")
			.params(path, path + "\uffff").query(Long.class).list();
	}

	/**
	 * The household at an address below a node: compound, building, unit and room by their names (财政小区, 1号楼,
	 * 1单元, 101), for routing lists that carry addresses, not ids.
	 */
	public Optional<NodeRef> householdAt(String underPath, String compound, String building, String unit, String room) {
		return jdbc.sql("""
				select h.id, h.type, h.name, h.parent_id, h.path from org_node c
				  join org_node b on b.parent_id = c.id and b.city_id = c.city_id and b.name = ?
				  join org_node u on u.parent_id = b.id and u.city_id = b.city_id and u.name = ?
				  join org_node h on h.parent_id = u.id and h.city_id = u.city_id and h.name = ?
				 where c.type = 'COMPOUND' and c.name = ? and c.path >= ? and c.path < ? limit 1""")
			.params(building, unit, room, compound, underPath, underPath + "\uffff")
			.query(OrganizationDirectory::nodeRef).optional();
	}

	/** A compound's exclusive area, in m². */
	public record CompoundArea(long compoundId, String path, java.math.BigDecimal area, long households) {
	}

	/**
	 * The exclusive area of every compound under a node, in one pass over its households (the compound is the fifth
	 * segment of a household's path): the base of coverage figures at city scale. Kept for five minutes (areas change
	 * rarely; this node forgets them at once when it changes one; bench/fund.sh measured 350 ms a pass at city scale).
	 */
	public List<CompoundArea> compoundAreas(String path) {
		return compoundAreas.get(path, this::loadCompoundAreas);
	}

	/** Household areas changed: coverage figures are computed afresh. */
	void forgetAreas() {
		compoundAreas.invalidateAll();
	}

	private List<CompoundArea> loadCompoundAreas(String path) {
		return jdbc.sql("""
				with areas as (
				  select split_part(n.path, '/', 5) as compound, n.city_id, sum(h.area_m2) as area, count(*) as households
				    from org_node n join org_household h on h.node_id = n.id and h.city_id = n.city_id
				   where n.type = 'HOUSEHOLD' and n.path >= ? and n.path < ?
				   group by 1, 2)
				select c.id, c.path, a.area, a.households
				  from areas a join org_node c on c.id = a.compound::bigint and c.city_id = a.city_id order by c.path""")
			.params(path, path + "\uffff")
			.query((rs, i) -> new CompoundArea(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3),
					rs.getLong(4)))
			.list();
	}

	/** A household as a cost is shared: where it is and its exclusive area. */
	public record HouseholdArea(long householdId, long buildingId, String path, java.math.BigDecimal area) {
	}

	/** The households under a node (a building, a compound) with their exclusive areas, in address order. */
	public List<HouseholdArea> householdAreas(String path) {
		return jdbc.sql("""
				select h.node_id, b.id, n.path, h.area_m2
				  from org_household h join org_node n on n.id = h.node_id and n.city_id = h.city_id
				  join org_node u on u.id = n.parent_id and u.city_id = n.city_id join org_node b on b.id = u.parent_id and b.city_id = u.city_id
				 where n.path >= ? and n.path < ? order by b.id, u.id, n.id""")
			.params(path, path + "\uffff")
			.query((rs, i) -> new HouseholdArea(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4)))
			.list();
	}

	/** Whether a person is a party member (党员): party members may take on wishes like volunteers. */
	public boolean isPartyMember(long personId) {
		return jdbc.sql("select party_member from org_person where id = ?").param(personId).query(Boolean.class)
			.optional().orElse(false);
	}

	/** The people acting for the partner units of the alliances at a node (a street): whom a dispatch list reaches. */
	public List<Long> liaisonsOfAlliancesAt(long nodeId) {
		return jdbc.sql("""
				select distinct ra.person_id from org_role_assignment ra
				  join org_partner_unit u on u.id = ra.partner_unit_id and u.city_id = ra.city_id
				 where ra.role = 'PARTNER_UNIT' and u.node_id = ? order by 1""")
			.param(nodeId).query(Long.class).list();
	}

	/** A partner unit, its alliance (if any) and the node the alliance belongs to. */
	public record PartnerUnitRef(long id, String name, Long allianceId, String allianceName, String nodePath) {
	}

	/** The partner units a person acts for (through a PARTNER_UNIT role that names the unit). */
	public List<PartnerUnitRef> partnerUnitsOf(long personId) {
		return jdbc.sql("""
				select u.id, u.name, a.id, a.name, n.path
				  from org_role_assignment ra join org_partner_unit u on u.id = ra.partner_unit_id and u.city_id = ra.city_id
				  join org_node n on n.id = u.node_id and n.city_id = u.city_id left join org_alliance a on a.id = u.alliance_id and a.city_id = u.city_id
				 where ra.person_id = ? and ra.role = 'PARTNER_UNIT' order by u.id""")
			.param(personId)
			.query((rs, i) -> new PartnerUnitRef(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), rs.getString(4),
					rs.getString(5)))
			.list();
	}

	/** An alliance with its units, if there is one by that id. */
	public Optional<AllianceRef> alliance(long id) {
		return jdbc.sql("select a.id, a.name, n.path from org_alliance a join org_node n on n.id = a.node_id and n.city_id = a.city_id where a.id = ?")
			.param(id)
			.query((rs, i) -> new AllianceRef(rs.getLong(1), rs.getString(2), rs.getString(3),
					jdbc.sql("select id, name from org_partner_unit where alliance_id = ? order by id").param(id)
						.query((r, j) -> new PartnerUnitRef(r.getLong(1), r.getString(2), id, null, null)).list()))
			.optional();
	}

	/** An alliance of partner units at a node (a street, usually). */
	public record AllianceRef(long id, String name, String nodePath, List<PartnerUnitRef> units) {
	}

	/** The alliances at or under a node path. */
	public List<AllianceRef> alliancesWithin(String path) {
		return jdbc.sql("""
				select a.id from org_alliance a join org_node n on n.id = a.node_id and n.city_id = a.city_id
				 where n.path >= ? and n.path < ? order by a.id""")
			.params(path, path + "\uffff").query(Long.class).list().stream()
			.map(id -> alliance(id).orElseThrow()).toList();
	}

	/** Name and phone of someone living in a household, unmasked: for a module that keeps a copy and masks it. */
	public record ResidentContact(long personId, String name, String phone) {
	}

	/** The residents of a household, unmasked; the caller has checked the actor's right to the household. */
	public List<ResidentContact> residentsOf(long householdId) {
		return jdbc.sql("""
				select p.id, p.name, p.phone from org_residency r join org_person p on p.id = r.person_id and p.city_id = r.city_id
				 where r.household_id = ? order by p.id""")
			.param(householdId)
			.query((rs, i) -> new ResidentContact(rs.getLong(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	/** A person's mobile number, unmasked, for sending them a message they chose to receive by SMS. */
	public Optional<String> phoneOf(long personId) {
		return jdbc.sql("select phone from org_person where id = ? and phone is not null and phone <> ''")
			.param(personId).query(String.class).optional();
	}

	/** The people living in households under {@code path} (each once); {@code ownersOnly} keeps the owners. */
	public List<Long> residentsUnder(String path, boolean ownersOnly) {
		return jdbc.sql("""
				select distinct r.person_id from org_residency r join org_node h on h.id = r.household_id and h.city_id = r.city_id
				 where h.path >= ? and h.path < ? and (not ? or r.relation = 'OWNER')""")
			.params(path, path + "\uffff", ownersOnly).query(Long.class).list();
	}

	/** A person the actor may read, with where they are registered (masked per viewer). */
	public PersonView person(Actor actor, long personId) {
		record Row(String name, String phone, boolean party, String home) {
		}
		Row row = jdbc.sql("select name, phone, party_member, home_path from org_person where id = ?").param(personId)
			.query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4)))
			.optional()
			.filter(r -> actor.canRead(r.home()))
			.orElseThrow(() -> new NotFoundException("person", personId));
		boolean full = actor.seesPersonalDataAt(row.home()) || actor.reaches(row.home(), List.of(Role.RESIDENT));
		Optional<NodeRef> home = findNode(lastId(row.home()));
		Long householdId = home.filter(n -> n.type() == NodeType.HOUSEHOLD).map(NodeRef::id).orElse(null);
		return new PersonView(personId, full ? row.name() : Masking.name(row.name()),
				full ? row.phone() : Masking.phone(row.phone()), row.party(), null, null, householdId,
				address(row.home()), !full);
	}

	/** The materialised path where a person is registered, if the actor may read it. */
	/**
	 * Where a person is registered, whoever asks: for a module that has verified the person some other way (a signed
	 * personal code at a campaign site) and needs their household, not their personal data.
	 */
	public Optional<String> registeredHome(long personId) {
		return jdbc.sql("select home_path from org_person where id = ?").param(personId).query(String.class).optional();
	}

	public Optional<String> personHome(Actor actor, long personId) {
		return jdbc.sql("select home_path from org_person where id = ?").param(personId).query(String.class)
			.optional().filter(actor::canRead);
	}

	/**
	 * Households in the actor's scope by address: the last word is the room, the words before it parts of the
	 * compound, building or unit names ("财政 1号楼 101").
	 */
	public PageResult<HouseholdView> searchHouseholds(Actor actor, String query, int page, int size) {
		List<String> words = query == null ? List.of()
				: Arrays.stream(query.strip().split("\\s+")).filter(w -> !w.isEmpty()).limit(4).toList();
		if (words.isEmpty()) {
			return new PageResult<>(List.of(), page, size, 0);
		}
		ScopeSql.Fragment scope = ScopeSql.within("h.path", actor.scopePaths(), "s");
		Map<String, Object> params = new HashMap<>(scope.params());
		StringBuilder where = new StringBuilder("h.type = 'HOUSEHOLD' and " + scope.sql() + " and h.name = :room");
		params.put("room", words.getLast());
		for (int i = 0; i < words.size() - 1; i++) {
			where.append(" and exists (select 1 from org_node a where a.type in ('COMPOUND', 'BUILDING', 'UNIT')")
				.append(" and a.name like :w").append(i).append(" and h.path >= a.path and h.path < a.path || '~')");
			params.put("w" + i, "%" + words.get(i) + "%");
		}
		long total = jdbc.sql("select count(*) from org_node h where " + where).params(params).query(Long.class)
			.single();
		params.put("size", size);
		params.put("offset", (long) page * size);
		List<HouseholdView> items = jdbc.sql("select h.id, h.name, hh.area_m2, h.path, hh.version from org_node h "
				+ "join org_household hh on hh.node_id = h.id and hh.city_id = h.city_id where " + where
				+ " order by h.path limit :size offset :offset")
			.params(params)
			.query((rs, i) -> new HouseholdView(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3),
					address(rs.getString(4)), rs.getString(4), rs.getLong(5), List.of()))
			.list();
		return new PageResult<>(items, page, size, total);
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
