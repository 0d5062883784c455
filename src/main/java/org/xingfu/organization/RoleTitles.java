package org.xingfu.organization;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xingfu.shared.Role;

/**
 * The title a role is shown with: the city's own name for it where an admin renamed it (the 三长 are 小区长 / 楼长 /
 * 单元长 in some cities), else the default from the message bundle. Templates call {@code @roleTitles.title(role)}.
 */
@Component("roleTitles")
public class RoleTitles {

	private record Snapshot(Map<Role, String> zh, Map<Role, String> en, Instant loadedAt) {
	}

	// other application nodes pick up a rename within this time
	private static final Duration TTL = Duration.ofSeconds(60);

	private final JdbcClient jdbc;
	private final MessageSource messages;
	private volatile Snapshot snapshot;

	RoleTitles(JdbcClient jdbc, MessageSource messages) {
		this.jdbc = jdbc;
		this.messages = messages;
	}

	public String title(Role role) {
		Snapshot s = current();
		boolean chinese = "zh".equals(LocaleContextHolder.getLocale().getLanguage());
		String custom = (chinese ? s.zh() : s.en()).get(role);
		return custom != null ? custom : messages.getMessage(role.messageKey(), null, LocaleContextHolder.getLocale());
	}

	/** The titles a city has set, in both languages, for the admin page. */
	public Map<Role, String[]> custom() {
		Snapshot s = current();
		Map<Role, String[]> result = new EnumMap<>(Role.class);
		s.zh().forEach((role, zh) -> result.put(role, new String[] { zh, s.en().get(role) }));
		return result;
	}

	void invalidate() {
		snapshot = null;
	}

	private Snapshot current() {
		Snapshot s = snapshot;
		if (s == null || s.loadedAt().plus(TTL).isBefore(Instant.now())) {
			Map<Role, String> zh = new EnumMap<>(Role.class);
			Map<Role, String> en = new EnumMap<>(Role.class);
			jdbc.sql("select role, title_zh, title_en from org_role_title").query(rs -> {
				Role role = Role.valueOf(rs.getString(1));
				zh.put(role, rs.getString(2));
				en.put(role, rs.getString(3));
			});
			s = new Snapshot(zh, en, Instant.now());
			snapshot = s;
		}
		return s;
	}
}
