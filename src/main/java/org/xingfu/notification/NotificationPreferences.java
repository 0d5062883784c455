package org.xingfu.notification;

import java.time.LocalTime;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.Masking;

/** Each person's choice of outside channels and quiet hours; the inbox itself cannot be switched off. */
@Service
@Transactional
public class NotificationPreferences {

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;

	NotificationPreferences(JdbcClient jdbc, OrganizationDirectory directory) {
		this.jdbc = jdbc;
		this.directory = directory;
	}

	@Transactional(readOnly = true)
	public Preference of(Actor actor) {
		if (actor.personId() == null) {
			return Preference.none(0);
		}
		return jdbc.sql("""
				select person_id, sms, wechat, wechat_openid, quiet_from, quiet_to from ntf_preference
				 where person_id = ?""").param(actor.personId())
			.query((rs, i) -> new Preference(rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3), rs.getString(4),
					rs.getObject(5, LocalTime.class), rs.getObject(6, LocalTime.class)))
			.optional().orElse(Preference.none(actor.personId()));
	}

	/** The mobile number SMS would go to, masked as the settings page shows it; empty when none is on record. */
	@Transactional(readOnly = true)
	public String maskedPhone(Actor actor) {
		return actor.personId() == null ? "" : directory.phoneOf(actor.personId()).map(Masking::phone).orElse("");
	}

	/**
	 * Saves the choice. SMS needs a mobile number on record, WeChat an account bound through the city's official
	 * account; quiet hours need both ends, and different ones.
	 */
	public void save(Actor actor, boolean sms, boolean wechat, LocalTime quietFrom, LocalTime quietTo) {
		if (actor.personId() == null) {
			throw new InvalidFieldException("sms", "notification.error.noPerson");
		}
		if (sms && directory.phoneOf(actor.personId()).isEmpty()) {
			throw new InvalidFieldException("sms", "notification.error.noPhone");
		}
		Preference current = of(actor);
		if (wechat && current.wechatOpenId() == null) {
			throw new InvalidFieldException("wechat", "notification.error.noWechat");
		}
		if ((quietFrom == null) != (quietTo == null)) {
			throw new InvalidFieldException(quietFrom == null ? "quietFrom" : "quietTo", "notification.error.quietBoth");
		}
		if (quietFrom != null && quietFrom.equals(quietTo)) {
			throw new InvalidFieldException("quietTo", "notification.error.quietSame");
		}
		jdbc.sql("""
				insert into ntf_preference (person_id, sms, wechat, quiet_from, quiet_to, updated_at, city_id)
				select id, ?, ?, ?, ?, now(), city_id from org_person where id = ?
				on conflict (person_id, city_id) do update set sms = excluded.sms, wechat = excluded.wechat,
				  quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to, updated_at = excluded.updated_at""")
			.params(sms, wechat, quietFrom, quietTo, actor.personId()).update();
	}
}
