package org.xingfu.shared;

import java.util.EnumSet;
import java.util.Set;

/**
 * Roles of domain.md section 2. Every role is held at a node of the administrative tree (grid roles at the
 * community, with the grid named) and reaches that node's subtree only.
 */
public enum Role {
	CITY_ADMIN, CITY_DEPARTMENT, STREET_ADMIN, COMMUNITY_STAFF, FIRST_SECRETARY, GRID_HEAD, GRID_WORKER,
	BUILDING_HEAD, UNIT_HEAD, SUNK_CADRE, PROPERTY_STAFF, WELFARE_PROPERTY_MEMBER, PARTNER_UNIT, VOLUNTEER,
	RESIDENT;

	/** Roles that work on the organisation data of their scope (browse the tree, see households and people). */
	public static final Set<Role> STAFF = EnumSet.of(CITY_ADMIN, CITY_DEPARTMENT, STREET_ADMIN, COMMUNITY_STAFF,
			FIRST_SECRETARY, GRID_HEAD, GRID_WORKER, BUILDING_HEAD, UNIT_HEAD, SUNK_CADRE, PROPERTY_STAFF);

	/** Roles that may create and edit nodes, households and people inside their scope. */
	public static final Set<Role> ORG_EDITORS = EnumSet.of(CITY_ADMIN, STREET_ADMIN, COMMUNITY_STAFF,
			FIRST_SECRETARY);

	/**
	 * Roles that need residents' names and phone numbers in full for their daily work; the others see them masked
	 * (PIPL: minimum necessary).
	 */
	public static final Set<Role> SEES_PERSONAL_DATA = EnumSet.of(COMMUNITY_STAFF, FIRST_SECRETARY, GRID_HEAD,
			GRID_WORKER, BUILDING_HEAD, UNIT_HEAD);

	/** Roles that browse the audit log of their scope. */
	public static final Set<Role> AUDITORS = EnumSet.of(CITY_ADMIN, STREET_ADMIN);

	public String messageKey() {
		return "role." + name();
	}
}
