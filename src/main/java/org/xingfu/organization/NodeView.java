package org.xingfu.organization;

import org.xingfu.shared.NodeType;

/** A node of the administrative tree with the counts of households and residents below it. */
public record NodeView(long id, NodeType type, String name, Long parentId, String path, long households,
		long residents) {
}
