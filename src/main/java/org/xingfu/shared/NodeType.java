package org.xingfu.shared;

import java.util.Optional;

/** Levels of the administrative tree, from the city down to the household, in order. */
public enum NodeType {
	CITY, STREET, COMMUNITY, COMPOUND, BUILDING, UNIT, HOUSEHOLD;

	/** The only type a child of this type may have; empty for a household. */
	public Optional<NodeType> childType() {
		return this == HOUSEHOLD ? Optional.empty() : Optional.of(values()[ordinal() + 1]);
	}

	public String messageKey() {
		return "node." + name();
	}
}
