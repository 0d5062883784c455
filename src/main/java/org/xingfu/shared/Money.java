package org.xingfu.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/** Yuan as people write them (1,234.56) and the cents the platform keeps. */
public final class Money {

	private static final BigDecimal MAX_YUAN = new BigDecimal("100000000000"); // far above any compound's fund

	private Money() {
	}

	/** 123456 → "1,234.56". */
	public static String yuan(long cents) {
		return String.format("%,.2f", BigDecimal.valueOf(cents, 2));
	}

	/** "1234.5", "1,234.56", "¥1234" → cents; empty for anything that is not a non-negative amount with at most two decimals. */
	public static Optional<Long> parseYuan(String text) {
		if (text == null) {
			return Optional.empty();
		}
		String t = text.strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "").replace("元", "")
			.strip();
		if (!t.matches("\\d{1,12}(\\.\\d{1,2})?")) {
			return Optional.empty();
		}
		BigDecimal yuan = new BigDecimal(t);
		if (yuan.compareTo(MAX_YUAN) > 0) {
			return Optional.empty();
		}
		return Optional.of(yuan.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
	}
}
