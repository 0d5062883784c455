package org.xingfu.organization;

import java.util.List;

/**
 * What hangs on a node besides its children: the people holding roles there, the grids of a community, the
 * property companies of a compound, the party organisations and the alliances with their partner units.
 */
public record NodeDetails(List<RoleHolder> roleHolders, List<GridView> grids, List<String> propertyCompanies,
		List<PartyOrgView> partyOrgs, List<AllianceView> alliances) {

	/** A role held at the node; name and phone masked per viewer. */
	public record RoleHolder(long assignmentId, String role, String name, String phone, String gridName,
			String detail) {
	}

	public record GridView(long id, String name, long buildings, long households, String head) {
	}

	public record PartyOrgView(long id, String type, String name, long members) {
	}

	public record AllianceView(long id, String name, List<String> partnerUnits) {
	}
}
