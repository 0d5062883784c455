package org.xingfu.notice;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The minimum publication period per type, in days (a notice cannot be withdrawn earlier, and its window cannot be
 * shorter); the address printed in board QR codes when the platform sits behind a proxy.
 *
 * @param minimumDays for example {@code xingfu.notice.minimum-days.FUND=10}; a type not named has none
 * @param publicUrl   for example {@code https://xingfu.example.gov.cn}; empty: the address the request came to
 * @param posterFont  a TrueType font (.ttf or .ttc) with Chinese glyphs for the board posters; empty: the usual
 *                    system fonts are tried
 */
@ConfigurationProperties("xingfu.notice")
record NoticeSettings(Map<NoticeType, Integer> minimumDays, String publicUrl, String posterFont) {

	NoticeSettings {
		Map<NoticeType, Integer> days = new EnumMap<>(NoticeType.class);
		// defaults of domain.md section 7: fund spending stays up at least 10 days; rating lists 5 days of publicity
		days.put(NoticeType.FUND, 10);
		days.put(NoticeType.RATING, 5);
		if (minimumDays != null) {
			days.putAll(minimumDays);
		}
		minimumDays = days;
		publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
		posterFont = posterFont == null ? "" : posterFont;
	}

	int minimumDaysOf(NoticeType type) {
		return minimumDays.getOrDefault(type, 0);
	}
}
