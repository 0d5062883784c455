package org.xingfu.organization;

import org.xingfu.shared.NodeType;

/** A node without counts, for breadcrumbs and references from other modules. */
public record NodeRef(long id, NodeType type, String name, Long parentId, String path) {
}
