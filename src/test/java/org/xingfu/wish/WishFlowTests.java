package org.xingfu.wish;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The wish flow as rules, without a database: every step against every state. */
class WishFlowTests {

	@Test
	void eachStepIsAllowedFromExactlyItsStates() {
		assertAllowed(WishFlow.VERIFY, EnumSet.of(WishStatus.COLLECTED));
		assertAllowed(WishFlow.DECLINE, EnumSet.of(WishStatus.COLLECTED));
		assertAllowed(WishFlow.CLAIM, EnumSet.of(WishStatus.PUBLISHED, WishStatus.CLAIMED));
		assertAllowed(WishFlow.ADD_PHOTO, EnumSet.of(WishStatus.CLAIMED, WishStatus.FULFILLED));
		assertAllowed(WishFlow.FULFIL, EnumSet.of(WishStatus.CLAIMED));
		assertAllowed(WishFlow.CONFIRM, EnumSet.of(WishStatus.FULFILLED));
	}

	@Test
	void theHappyPathEndsConfirmedAndNothingLeavesAnEndState() {
		WishStatus s = WishStatus.COLLECTED;
		for (WishFlow step : new WishFlow[] { WishFlow.VERIFY, WishFlow.CLAIM, WishFlow.ADD_PHOTO, WishFlow.FULFIL,
				WishFlow.CONFIRM }) {
			assertThat(step.allowedFrom(s)).as(step + " from " + s).isTrue();
			s = step.after(s);
		}
		assertThat(s).isEqualTo(WishStatus.CONFIRMED);
		for (WishFlow step : WishFlow.values()) {
			assertThat(step.allowedFrom(WishStatus.CONFIRMED)).as(step.name()).isFalse();
			assertThat(step.allowedFrom(WishStatus.DECLINED)).as(step.name()).isFalse();
		}
		assertThat(WishFlow.DECLINE.after(WishStatus.COLLECTED)).isEqualTo(WishStatus.DECLINED);
	}

	@Test
	void onlyPublishedStatesShowOnTheWall() {
		assertThat(EnumSet.allOf(WishStatus.class).stream().filter(WishStatus::published))
			.containsExactly(WishStatus.PUBLISHED, WishStatus.CLAIMED, WishStatus.FULFILLED, WishStatus.CONFIRMED);
	}

	@Test
	void aGroupWishTakesClaimantsUpToTheNumberNeeded() {
		assertThat(WishFlow.roomForClaim(0, 1)).isTrue();
		assertThat(WishFlow.roomForClaim(1, 1)).isFalse();
		assertThat(WishFlow.roomForClaim(2, 3)).isTrue();
		assertThat(WishFlow.roomForClaim(3, 3)).isFalse();
	}

	@Test
	void theValueMustBePositiveAndWithinTheCap() {
		BigDecimal cap = new BigDecimal("500");
		assertThat(WishFlow.valueAllowed(new BigDecimal("500.00"), cap)).isTrue();
		assertThat(WishFlow.valueAllowed(new BigDecimal("0.01"), cap)).isTrue();
		assertThat(WishFlow.valueAllowed(new BigDecimal("500.01"), cap)).isFalse();
		assertThat(WishFlow.valueAllowed(BigDecimal.ZERO, cap)).isFalse();
		assertThat(WishFlow.valueAllowed(new BigDecimal("-1"), cap)).isFalse();
		assertThat(WishFlow.valueAllowed(null, cap)).isFalse();
	}

	private static void assertAllowed(WishFlow step, Set<WishStatus> allowed) {
		for (WishStatus s : WishStatus.values()) {
			assertThat(step.allowedFrom(s)).as(step + " from " + s).isEqualTo(allowed.contains(s));
		}
	}
}
