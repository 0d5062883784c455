package org.xingfu.notice;

import org.xingfu.shared.NodeType;

/**
 * Who reads a notice: the people of one compound, community or street (residents and staff there), or anyone,
 * without signing in.
 */
public enum NoticeScope {
	COMPOUND(NodeType.COMPOUND), COMMUNITY(NodeType.COMMUNITY), STREET(NodeType.STREET), PUBLIC(null);

	private final NodeType level;

	NoticeScope(NodeType level) {
		this.level = level;
	}

	/** The node type a notice of this scope is posted at; {@code null}: any node. */
	NodeType level() {
		return level;
	}
}
