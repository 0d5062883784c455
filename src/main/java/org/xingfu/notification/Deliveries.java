package org.xingfu.notification;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;

/**
 * Notifications beyond the inbox: queued with the notification for the people who chose SMS or WeChat (due after
 * their quiet hours), and sent by {@link #sendDue} through the channel's adapter: the configured one, or the
 * log-only one. A failed send waits 1, 2, 4, 8 minutes and is given up after five attempts; several nodes can run
 * the job at once (rows are claimed with SKIP LOCKED).
 */
@Service
public class Deliveries {

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	static final int MAX_ATTEMPTS = 5;

	private final JdbcClient jdbc;
	private final TransactionTemplate transaction;
	private final OrganizationDirectory directory;
	private final MessageSource messages;
	private final NotifySettings settings;
	private final Map<Channel, ChannelAdapter> adapters = new EnumMap<>(Channel.class);

	Deliveries(JdbcClient jdbc, TransactionTemplate transaction, OrganizationDirectory directory,
			MessageSource messages, NotifySettings settings, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.directory = directory;
		this.messages = messages;
		this.settings = settings;
		adapters.put(Channel.SMS, settings.sms().configured() ? new SmsGatewayAdapter(settings.sms())
				: new LogOnlyAdapter(Channel.SMS));
		adapters.put(Channel.WECHAT, settings.wechat().configured()
				? new WeChatTemplateAdapter(settings.wechat(), clock.orElse(Clock.systemUTC()))
				: new LogOnlyAdapter(Channel.WECHAT));
		log.info("Notification channels: SMS by {}, WeChat by {}", adapters.get(Channel.SMS).name(),
				adapters.get(Channel.WECHAT).name());
	}

	/** The adapter each channel sends through. */
	Map<Channel, String> adapterNames() {
		Map<Channel, String> names = new EnumMap<>(Channel.class);
		adapters.forEach((c, a) -> names.put(c, a.name()));
		return names;
	}

	/** Queues the outside deliveries of notifications just written: (notification id, person id) pairs. */
	void queue(List<long[]> written, Instant now) {
		if (written.isEmpty()) {
			return;
		}
		Map<Long, Preference> prefs = preferences(written.stream().map(w -> w[1]).toList());
		List<Object[]> rows = new ArrayList<>();
		for (long[] w : written) {
			Preference p = prefs.get(w[1]);
			if (p == null) {
				continue;
			}
			Timestamp due = Timestamp.from(p.due(now));
			if (p.sms()) {
				rows.add(new Object[] { w[0], Channel.SMS.name(), due, w[2] });
			}
			if (p.wechat() && p.wechatOpenId() != null) {
				rows.add(new Object[] { w[0], Channel.WECHAT.name(), due, w[2] });
			}
		}
		for (Object[] r : rows) {
			jdbc.sql("""
					insert into ntf_delivery (notification_id, channel, due_at, city_id) values (?, ?, ?, ?)
					on conflict do nothing""")
				.params(r).update();
		}
	}

	/** The preferences of these people that name an outside channel. */
	private Map<Long, Preference> preferences(Collection<Long> personIds) {
		return jdbc.sql("""
				select person_id, sms, wechat, wechat_openid, quiet_from, quiet_to from ntf_preference
				 where (sms or wechat) and person_id = any (string_to_array(?, ',')::bigint[])""")
			.param(personIds.stream().distinct().map(String::valueOf).collect(Collectors.joining(",")))
			.query((rs, i) -> new Preference(rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3), rs.getString(4),
					rs.getObject(5, LocalTime.class), rs.getObject(6, LocalTime.class)))
			.list().stream().collect(Collectors.toMap(Preference::personId, p -> p));
	}

	/**
	 * Sends what is due, city by city, in batches of 50; returns how many went out. A batch claims its rows in one
	 * city: Citus locks rows only in a statement it routes to one node (ADR 0016).
	 */
	public int sendDue(Instant now) {
		int sent = 0;
		for (NodeRef city : directory.cities()) {
			while (true) {
				Integer batch = transaction.execute(status -> sendBatch(now, city.id()));
				if (batch == null || batch < 0) {
					break;
				}
				sent += batch;
			}
		}
		return sent;
	}

	/** One batch of a city; -1 when nothing was due there. */
	private int sendBatch(Instant now, long city) {
		record Due(long id, String channel, int attempts, long notificationId, long personId, String kind,
				String args, String openId) {
		}
		List<Due> due = jdbc.sql("""
				select d.id, d.channel, d.attempts, n.id, n.person_id, n.kind, n.args, p.wechat_openid
				  from ntf_delivery d join ntf_notification n on n.id = d.notification_id and n.city_id = d.city_id
				  left join ntf_preference p on p.person_id = n.person_id and p.city_id = n.city_id
				 where d.city_id = ? and d.sent_at is null and d.due_at <= ? and d.attempts < ?
				 order by d.due_at limit 50
				   for update of d skip locked""")
			.params(city, Timestamp.from(now), MAX_ATTEMPTS)
			.query((rs, i) -> new Due(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5),
					rs.getString(6), rs.getString(7), rs.getString(8)))
			.list();
		if (due.isEmpty()) {
			return -1;
		}
		int sent = 0;
		for (Due d : due) {
			Channel channel = Channel.valueOf(d.channel());
			ChannelAdapter adapter = adapters.get(channel);
			String address = channel == Channel.SMS ? directory.phoneOf(d.personId()).orElse(null) : d.openId();
			if (address == null) {
				// unbound since it was queued (WeChat unbound, phone removed): no retry can reach them, so stop now
				jdbc.sql("update ntf_delivery set attempts = ?, last_error = ? where id = ?")
					.params(MAX_ATTEMPTS, "no " + channel + " address on record any more", d.id()).update();
				log.info("{} delivery {} given up: no address on record any more", channel, d.id());
				continue;
			}
			try {
				adapter.send(new ChannelAdapter.OutgoingMessage(d.id(), d.personId(), address, d.kind(),
						text(d.kind(), d.args()), settings.linkBase() + "/notifications/" + d.notificationId()));
				jdbc.sql("update ntf_delivery set sent_at = ?, adapter = ?, attempts = attempts + 1, last_error = null where id = ?")
					.params(Timestamp.from(now), adapter.name(), d.id()).update();
				sent++;
			}
			catch (IOException | RuntimeException ex) {
				// the error names the channel's answer, never the address or the text
				String error = ex.getClass().getSimpleName() + ": " + String.valueOf(ex.getMessage());
				Duration wait = Duration.ofMinutes(1L << Math.min(d.attempts(), 4));
				jdbc.sql("update ntf_delivery set attempts = attempts + 1, last_error = ?, due_at = ? where id = ?")
					.params(error.length() > 300 ? error.substring(0, 300) : error, Timestamp.from(now.plus(wait)),
							d.id())
					.update();
				log.warn("{} delivery {} failed (attempt {}): {}", channel, d.id(), d.attempts() + 1, error);
			}
		}
		return sent;
	}

	/** The text in Chinese, from the kind and its arguments, as the inbox shows it. */
	String text(String kind, String args) {
		Object[] values = args.isEmpty() ? new Object[0] : args.split(Inbox.SEPARATOR, -1);
		return messages.getMessage("notification." + kind, values, kind, Locale.SIMPLIFIED_CHINESE);
	}
}
