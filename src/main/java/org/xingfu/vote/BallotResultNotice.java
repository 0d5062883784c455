package org.xingfu.vote;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.xingfu.notice.NoticeScope;
import org.xingfu.notice.NoticeType;
import org.xingfu.notice.Notices;

/**
 * A closed ballot's result goes up as a public notice of its compound (and so on the compound's boards): the roll,
 * the participation, the votes for and against by area and by head, and which test decided it. Runs after the
 * closing commits, through the event registry, so a failure here is retried and never undoes the count; the
 * notice's source key makes the retry harmless.
 */
@Component
class BallotResultNotice {

	static final Duration UP_FOR = Duration.ofDays(7);

	private final Ballots ballots;
	private final Notices notices;
	private final MessageSource messages;

	BallotResultNotice(Ballots ballots, Notices notices, MessageSource messages) {
		this.ballots = ballots;
		this.notices = notices;
		this.messages = messages;
	}

	@ApplicationModuleListener
	void on(Ballots.BallotClosed event) {
		Ballots.Ballot ballot = ballots.find(event.ballotId()).orElseThrow();
		Tally.Result r = ballots.count(ballot);
		Locale zh = Locale.SIMPLIFIED_CHINESE;
		String matter = messages.getMessage("ballot.matter." + ballot.matter(), null, zh);
		String title = messages.getMessage("ballot.notice.title", new Object[] { matter }, zh);
		String body = messages.getMessage("ballot.notice.body",
				new Object[] { ballot.question(), r.eligibleArea().toPlainString(), r.eligibleOwners(),
						r.participatingArea().toPlainString(), r.participatingOwners(), r.forArea().toPlainString(),
						r.forOwners(), r.againstArea().toPlainString(), r.againstOwners(),
						messages.getMessage(r.passed() ? "ballot.passed" : "ballot.notPassed", null, zh),
						reason(r, messages, zh) },
				zh);
		NoticeType type = switch (ballot.matter()) {
			case FUND_USE, FUND_RAISE -> NoticeType.FUND;
			case PROPERTY_COMPANY -> NoticeType.PROPERTY;
			default -> NoticeType.RESIDENTS;
		};
		notices.post("ballot:" + ballot.id(), ballot.createdBy(), ballot.compoundId(), NoticeScope.PUBLIC, type, title,
				body, UP_FOR);
	}

	/** The result in words, with the shares that decided it. */
	static String reason(Tally.Result r, MessageSource messages, Locale locale) {
		Object[] args = { pct(r.participatingArea(), r.eligibleArea()), pct(BigDecimal.valueOf(r.participatingOwners()),
				BigDecimal.valueOf(r.eligibleOwners())), pct(r.forArea(), r.participatingArea()),
				pct(BigDecimal.valueOf(r.forOwners()), BigDecimal.valueOf(r.participatingOwners())), r.requiredShare() };
		return messages.getMessage("ballot.outcome." + r.outcome(), args, locale);
	}

	private static String pct(BigDecimal part, BigDecimal whole) {
		return whole.signum() == 0 ? "0%" : part.multiply(BigDecimal.valueOf(100))
			.divide(whole, 2, RoundingMode.DOWN).stripTrailingZeros().toPlainString() + "%";
	}
}
