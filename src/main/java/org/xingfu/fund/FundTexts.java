package org.xingfu.fund;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.xingfu.shared.Money;

/**
 * The Chinese texts the fund writes into notices and the ledger. A notice is a public record in the language of the
 * board it hangs on, whatever the reader's browser prefers.
 */
@Component
class FundTexts {

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");
	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

	private final MessageSource messages;

	FundTexts(MessageSource messages) {
		this.messages = messages;
	}

	String hazard(String hazard) {
		return msg("fund.hazard." + hazard);
	}

	String preNoticeTitle(String compound, FundApplications.Hazard hazard) {
		return msg("fund.notice.preTitle", compound, hazard(hazard.name()));
	}

	String preNoticeBody(FundApplications.NewApplication a, List<String> buildings, Instant until) {
		return msg("fund.notice.preBody", hazard(a.hazard().name()), String.join("、", buildings), a.scope().strip(),
				a.plan().strip(), Money.yuan(a.budgetCents()), a.contractor().strip(), dateTime(until));
	}

	String postNoticeTitle(String compound, FundApplications.Application a) {
		return msg("fund.notice.postTitle", compound, hazard(a.hazard()));
	}

	String postNoticeBody(FundApplications.Application a, List<FundApplications.ShareLine> lines) {
		StringBuilder table = new StringBuilder();
		for (FundApplications.ShareLine line : lines) {
			table.append(line.address()).append('\t').append(line.areaM2().toPlainString()).append(" m²\t")
				.append(Money.yuan(line.shareCents())).append(" 元\n");
		}
		return msg("fund.notice.postBody", hazard(a.hazard()), a.scope(), a.contractor(), Money.yuan(a.budgetCents()),
				Money.yuan(a.actualCostCents()), lines.size(), date(a.confirmedAt() == null ? a.filedAt() : a.confirmedAt()),
				a.approvedBySilence() ? msg("fund.notice.silence") : date(a.approvedAt()), date(a.completedAt()),
				table.toString());
	}

	String spendingMemo(FundApplications.Application a) {
		return msg("fund.ledger.spending", a.id(), hazard(a.hazard()));
	}

	String date(Instant instant) {
		return instant == null ? "" : DATE.format(instant.atZone(CHINA));
	}

	String dateTime(Instant instant) {
		return instant == null ? "" : DATE_TIME.format(instant.atZone(CHINA));
	}

	private String msg(String key, Object... args) {
		return messages.getMessage(key, args, Locale.SIMPLIFIED_CHINESE);
	}
}
