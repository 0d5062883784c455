package org.xingfu.shared;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The signed-in user and what they may reach. Built once at login (or per token) from their role grants; every
 * query that lists data filters by {@link #scopePaths()} so the scope check sits in the SQL, not only in the UI.
 *
 * @param accountId  identity account
 * @param username   login name
 * @param displayName name shown in the UI
 * @param personId   the person behind the account, if any
 * @param grants     roles held at nodes of the tree
 */
public record Actor(long accountId, String username, String displayName, Long personId, List<RoleGrant> grants)
		implements Serializable, java.security.Principal {

	public Actor {
		grants = List.copyOf(grants);
	}

	/**
	 * The login name: what Spring Security reports as the authentication's name, and Spring Session keeps as the
	 * session's principal (without it, the whole record's text would be taken).
	 */
	@Override
	public String getName() {
		return username;
	}

	/**
	 * A role held at a node. {@code scopePaths} are the materialised paths the role reaches: the node's own path,
	 * the buildings of a grid for grid roles, the households of a resident.
	 */
	public record RoleGrant(Role role, long nodeId, String nodeName, NodeType nodeType, Long gridId,
			List<String> scopePaths) implements Serializable {
		public RoleGrant {
			scopePaths = List.copyOf(scopePaths);
		}
	}

	/**
	 * The actor's city. A person and the roles they hold belong to one city (V54 refuses a role in another), so
	 * every path they reach starts with it. Citus routes a statement by the city, and locks a row only in a statement
	 * that names it (issue 11, ADR 0016). -1, which no row has, when the actor reaches nothing.
	 */
	public long cityId() {
		return grants.stream().flatMap(g -> g.scopePaths().stream()).findFirst().map(ScopeSql::cityOf).orElse(-1L);
	}

	public Set<Role> roles() {
		return grants.stream().map(RoleGrant::role).collect(Collectors.toUnmodifiableSet());
	}

	public boolean has(Role role) {
		return grants.stream().anyMatch(g -> g.role() == role);
	}

	public boolean hasAny(Collection<Role> roles) {
		return grants.stream().anyMatch(g -> roles.contains(g.role()));
	}

	public boolean isStaff() {
		return hasAny(Role.STAFF);
	}

	/** Paths reached by any of the given roles; empty when the actor holds none of them. */
	public List<String> scopePaths(Collection<Role> roles) {
		return grants.stream().filter(g -> roles.contains(g.role())).flatMap(g -> g.scopePaths().stream())
				.distinct().toList();
	}

	/** Paths of the organisation data this actor may read: staff scopes plus a resident's own households. */
	public List<String> scopePaths() {
		return grants.stream().filter(g -> Role.STAFF.contains(g.role()) || g.role() == Role.RESIDENT)
				.flatMap(g -> g.scopePaths().stream()).distinct().toList();
	}

	/** Whether any of the given roles reaches the node at {@code path}. */
	public boolean reaches(String path, Collection<Role> roles) {
		return path != null && scopePaths(roles).stream().anyMatch(path::startsWith);
	}

	public boolean canRead(String path) {
		return path != null && scopePaths().stream().anyMatch(path::startsWith);
	}

	/** Whether names and phone numbers at {@code path} may be shown in full to this actor. */
	public boolean seesPersonalDataAt(String path) {
		return reaches(path, Role.SEES_PERSONAL_DATA);
	}
}
