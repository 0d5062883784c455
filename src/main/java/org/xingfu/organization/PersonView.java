package org.xingfu.organization;

/**
 * A person as the viewer may see them: name and phone already masked when the viewer's role does not need them.
 */
public record PersonView(long id, String name, String phone, boolean partyMember, String relation, String sharePct,
		Long householdId, String address, boolean masked) {
}
