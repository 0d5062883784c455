package org.xingfu.wish;

/** 征集 → 核实发布 (or 不予发布) → 认领 → 实现 → 确认. */
public enum WishStatus {
	COLLECTED, DECLINED, PUBLISHED, CLAIMED, FULFILLED, CONFIRMED;

	/** Shown on the wall and to every signed-in person (masked): everything past verification. */
	public boolean published() {
		return this == PUBLISHED || this == CLAIMED || this == FULFILLED || this == CONFIRMED;
	}
}
