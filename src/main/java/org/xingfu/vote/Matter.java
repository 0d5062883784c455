package org.xingfu.vote;

/** The matters of Civil Code art. 278, items 1 to 9, and the majority each needs. */
public enum Matter {
	ASSEMBLY_RULES, COVENANT, COMMITTEE, PROPERTY_COMPANY, FUND_USE, FUND_RAISE, REBUILD, COMMON_USE, OTHER;

	/** Items 6 to 8 (raise the fund, rebuild, change common parts) need three quarters; the rest more than half. */
	public boolean needsThreeQuarters() {
		return this == FUND_RAISE || this == REBUILD || this == COMMON_USE;
	}
}
