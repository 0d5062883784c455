package org.xingfu.vote;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.xingfu.vote.Tally.Choice;
import org.xingfu.vote.Tally.Outcome;
import org.xingfu.vote.Tally.Owner;

/**
 * The art. 278 count: the thresholds exactly, and properties over thousands of seeded random compounds (plain JUnit
 * loops with fixed seeds: reproducible, and no property-testing library; see the session notes on jqwik).
 */
class TallyTests {

	static Owner owner(String area, Choice choice) {
		return new Owner(new BigDecimal(area), choice);
	}

	static List<Owner> owners(int n, String area, Choice choice) {
		List<Owner> list = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			list.add(owner(area, choice));
		}
		return list;
	}

	static List<Owner> concat(List<Owner>... parts) {
		List<Owner> all = new ArrayList<>();
		for (List<Owner> p : parts) {
			all.addAll(p);
		}
		return all;
	}

	@Test
	void participationExactlyTwoThirdsMeetsTheQuorumAndJustBelowDoesNot() {
		// 3 owners of 100 m²: 2 take part = exactly 2/3 of heads and of area
		var exactly = Tally.count(Matter.FUND_USE, concat(owners(2, "100", Choice.FOR), owners(1, "100", null)));
		assertThat(exactly.quorumMet()).isTrue();
		assertThat(exactly.passed()).isTrue();
		// the same heads, but the absent owner holds 0.01 m² more: area participation just below 2/3
		var below = Tally.count(Matter.FUND_USE, concat(owners(2, "100", Choice.FOR), List.of(owner("100.01", null))));
		assertThat(below.quorumMet()).isFalse();
		assertThat(below.outcome()).isEqualTo(Outcome.NO_QUORUM_AREA);
		// area fine (one big owner voted), heads 1 of 3 below 2/3
		var heads = Tally.count(Matter.FUND_USE, concat(List.of(owner("500", Choice.FOR)), owners(2, "10", null)));
		assertThat(heads.outcome()).isEqualTo(Outcome.NO_QUORUM_OWNERS);
	}

	@Test
	void threeQuartersExactlyPassesAndJustBelowFails() {
		// 4 owners of equal area all take part; 3 for = exactly 3/4 on both
		var exactly = Tally.count(Matter.FUND_RAISE, concat(owners(3, "80", Choice.FOR), owners(1, "80", Choice.AGAINST)));
		assertThat(exactly.requiredShare()).isEqualTo("3/4");
		assertThat(exactly.passed()).isTrue();
		// the opponent's flat is 0.01 m² larger: for-area just below 3/4
		var below = Tally.count(Matter.REBUILD, concat(owners(3, "80", Choice.FOR), List.of(owner("80.01", Choice.AGAINST))));
		assertThat(below.passed()).isFalse();
		assertThat(below.outcome()).isEqualTo(Outcome.REJECTED_AREA);
		// area above 3/4 through one large owner, heads 2 of 3 below
		var heads = Tally.count(Matter.COMMON_USE, concat(List.of(owner("300", Choice.FOR), owner("50", Choice.FOR)),
				List.of(owner("50", Choice.AGAINST))));
		assertThat(heads.outcome()).isEqualTo(Outcome.REJECTED_OWNERS);
	}

	@Test
	void exactlyHalfIsNotAMajorityButOneMoreIs() {
		var half = Tally.count(Matter.PROPERTY_COMPANY, concat(owners(2, "90", Choice.FOR), owners(2, "90", Choice.AGAINST)));
		assertThat(half.requiredShare()).isEqualTo("1/2");
		assertThat(half.passed()).isFalse();
		assertThat(half.outcome()).isEqualTo(Outcome.REJECTED_AREA);
		var more = Tally.count(Matter.PROPERTY_COMPANY, concat(owners(2, "90", Choice.FOR), List.of(owner("90", Choice.AGAINST),
				owner("89.99", Choice.AGAINST))));
		assertThat(more.outcome()).isEqualTo(Outcome.REJECTED_OWNERS); // area 180 > 179.99... but heads 2 of 4
		var both = Tally.count(Matter.PROPERTY_COMPANY, concat(owners(3, "90", Choice.FOR), owners(2, "90", Choice.AGAINST)));
		assertThat(both.passed()).isTrue();
	}

	@Test
	void abstentionsCountForTheQuorumButNotForApproval() {
		// 4 of 4 take part; 2 for, 2 abstain: quorum met, approval exactly 1/2, not more
		var r = Tally.count(Matter.COVENANT, concat(owners(2, "70", Choice.FOR), owners(2, "70", Choice.ABSTAIN)));
		assertThat(r.quorumMet()).isTrue();
		assertThat(r.participatingOwners()).isEqualTo(4);
		assertThat(r.forOwners()).isEqualTo(2);
		assertThat(r.passed()).isFalse();
	}

	@Test
	void anEmptyRollPassesNothing() {
		var r = Tally.count(Matter.OTHER, List.of());
		assertThat(r.quorumMet()).isFalse();
		assertThat(r.passed()).isFalse();
	}

	// --- properties over seeded random compounds

	static List<Owner> randomRoll(Random random) {
		int n = 1 + random.nextInt(60);
		List<Owner> roll = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			BigDecimal area = BigDecimal.valueOf(3000 + random.nextInt(20000), 2); // 30.00 to 229.99 m²
			int c = random.nextInt(5);
			roll.add(new Owner(area, c == 0 ? null : c == 1 ? Choice.AGAINST : c == 2 ? Choice.ABSTAIN : Choice.FOR));
		}
		return roll;
	}

	@Test
	void theOrderOfTheRollNeverMatters() {
		Random random = new Random(20261129L);
		for (int i = 0; i < 2000; i++) {
			List<Owner> roll = randomRoll(random);
			Matter matter = Matter.values()[random.nextInt(Matter.values().length)];
			List<Owner> shuffled = new ArrayList<>(roll);
			Collections.shuffle(shuffled, random);
			assertThat(Tally.count(matter, shuffled)).isEqualTo(Tally.count(matter, roll));
		}
	}

	@Test
	void turningAnAgainstIntoAForNeverTurnsAPassIntoAFail() {
		Random random = new Random(278L);
		for (int i = 0; i < 2000; i++) {
			List<Owner> roll = randomRoll(random);
			Matter matter = Matter.values()[random.nextInt(Matter.values().length)];
			boolean before = Tally.count(matter, roll).passed();
			for (int k = 0; k < roll.size(); k++) {
				if (roll.get(k).choice() == Choice.AGAINST) {
					roll.set(k, new Owner(roll.get(k).area(), Choice.FOR));
					break;
				}
			}
			if (before) {
				assertThat(Tally.count(matter, roll).passed()).as("roll %s", roll).isTrue();
			}
		}
	}

	@Test
	void theCountAgreesWithFractionsComputedIndependently() {
		Random random = new Random(2021L);
		for (int i = 0; i < 3000; i++) {
			List<Owner> roll = randomRoll(random);
			Matter matter = Matter.values()[random.nextInt(Matter.values().length)];
			var r = Tally.count(matter, roll);
			// an independent oracle in whole hundredths of a m² (long arithmetic)
			long eligible = 0, part = 0, pro = 0;
			int heads = roll.size(), partHeads = 0, proHeads = 0;
			for (Owner o : roll) {
				long a = o.area().movePointRight(2).longValueExact();
				eligible += a;
				if (o.choice() != null) {
					part += a;
					partHeads++;
					if (o.choice() == Choice.FOR) {
						pro += a;
						proHeads++;
					}
				}
			}
			boolean quorum = 3 * part >= 2 * eligible && 3 * partHeads >= 2 * heads;
			boolean approval = matter.needsThreeQuarters() ? 4 * pro >= 3 * part && 4 * proHeads >= 3 * partHeads
					: 2 * pro > part && 2 * proHeads > partHeads;
			assertThat(r.quorumMet()).isEqualTo(quorum);
			assertThat(r.passed()).isEqualTo(quorum && approval);
		}
	}
}
