package org.xingfu.organization;

import org.xingfu.shared.Role;

/**
 * A person no longer holds a role at a node. Published in the transaction of the change: whoever keeps what the role
 * opened (signed-in sessions, API tokens) ends it there.
 */
public record RoleRevoked(long personId, Role role, long nodeId) {
}
