package org.xingfu.request;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Figure;
import org.xingfu.shared.FigureBook;
import org.xingfu.shared.NodeStatistics;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.StatisticsScope;

/**
 * The request figures of a node and its children: received in the period, the three rates (domain.md section 3,
 * the same arithmetic as {@link RequestRates}) and the open and overdue cases now. Whole days up to the rolled-up
 * mark come from the daily tallies per compound, the rest is counted live, as {@link RequestQueries#rates} does.
 * Above a compound, open cases are counted per compound from the covering open-requests index (V38) and added to
 * the child the compound lies in; the monthly trend is one grouped query, not twelve.
 */
@Component
class RequestStatistics implements NodeStatistics {

	private static final String[] KEYS = { "request.received", "responded", "resolved", "rated", "satisfiedWeighted" };

	/** The live counts behind the KEYS, in their order (the daily tallies hold the same). */
	private static final String LIVE_COUNTS = """
			count(*),
			count(*) filter (where first_accepted_at is not null and first_accepted_at <= first_accept_due_at),
			count(*) filter (where confirmed_at is not null),
			count(*) filter (where satisfaction is not null),
			count(*) filter (where satisfaction = 'SATISFIED') + 0.9 * count(*) filter (where satisfaction = 'BASICALLY_SATISFIED')""";

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final Clock clock;

	RequestStatistics(JdbcClient jdbc, OrganizationDirectory directory, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		Instant liveFrom = scope.from();
		// tallies are per compound, so they split a city, street or community by child, never a compound
		if (aboveCompound(scope)) {
			LocalDate firstDay = scope.from().atZone(BusinessCalendar.ZONE).toLocalDate();
			LocalDate endDay = rolledEnd(scope.to());
			if (firstDay.atStartOfDay(BusinessCalendar.ZONE).toInstant().equals(scope.from()) && firstDay.isBefore(endDay)) {
				book.addRows(jdbc.sql("""
						select split_part(compound_path, '/', ?), sum(received), sum(responded), sum(resolved), sum(rated),
						       sum(satisfied) + 0.9 * sum(basically)
						  from req_rates_daily
						 where compound_path >= ? and compound_path < ? and day >= ? and day < ?
						 group by 1""")
					.params(scope.childPart(), scope.path(), scope.upper(), java.sql.Date.valueOf(firstDay),
							java.sql.Date.valueOf(endDay)), KEYS);
				liveFrom = endDay.atStartOfDay(BusinessCalendar.ZONE).toInstant();
			}
		}
		if (liveFrom.isBefore(scope.to())) {
			book.addRows(jdbc.sql("""
					select split_part(node_path, '/', ?), """ + LIVE_COUNTS + """
					  from req_request
					 where city_id = ? and node_path >= ? and node_path < ? and submitted_at >= ? and submitted_at < ?
					 group by 1""")
				// city_id lets the (city_id, submitted_at) index find a day's requests of a whole city (85 ms → 4 ms)
				.params(scope.childPart(), scope.cityId(), scope.path(), scope.upper(), Timestamp.from(liveFrom),
						Timestamp.from(scope.to())), KEYS);
		}
		if (!scope.periodOnly()) {
			open(scope, book);
		}
		return book.count("request.received", "/admin/requests?status=ALL&nodeId={node}")
			.percent("request.responseRate", "responded", "request.received", "/admin/requests/rates?nodeId={node}")
			.percent("request.resolutionRate", "resolved", "request.received", "/admin/requests/rates?nodeId={node}")
			.percent("request.satisfactionRate", "satisfiedWeighted", "rated", "/admin/requests/rates?nodeId={node}")
			.count("request.open", "/admin/requests?status=OPEN&nodeId={node}")
			.count("request.overdue", "/admin/requests?status=OPEN&overdue=true&nodeId={node}")
			.build();
	}

	private void open(StatisticsScope scope, FigureBook book) {
		Timestamp now = Timestamp.from(clock.instant());
		if (!aboveCompound(scope)) {
			book.addRows(jdbc.sql("""
					select split_part(node_path, '/', ?), count(*),
					       count(*) filter (where (status = 'SUBMITTED' and accept_due_at < ?) or resolve_due_at < ?)
					  from req_request
					 where node_path >= ? and node_path < ? and status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS')
					 group by 1""")
				.params(scope.childPart(), now, now, scope.path(), scope.upper()), "request.open", "request.overdue");
			return;
		}
		Map<Long, String> childOf = new HashMap<>();
		for (OrganizationDirectory.CompoundArea a : directory.compoundAreas(scope.path())) {
			String[] parts = a.path().split("/");
			childOf.put(a.compoundId(), parts.length > scope.childPart() - 1 ? parts[scope.childPart() - 1] : null);
		}
		jdbc.sql("""
				select compound_id, count(*),
				       count(*) filter (where (status = 'SUBMITTED' and accept_due_at < ?) or resolve_due_at < ?)
				  from req_request
				 where node_path >= ? and node_path < ? and status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS')
				 group by 1""")
			.params(now, now, scope.path(), scope.upper())
			.query(rs -> {
				String child = childOf.get(rs.getLong(1));
				book.add(child, "request.open", rs.getLong(2));
				book.add(child, "request.overdue", rs.getLong(3));
			});
	}

	@Override
	public boolean hasTrend() {
		return true;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<YearMonth, List<Figure>> monthly(StatisticsScope scope, List<YearMonth> months, ZoneId zone, Instant now) {
		if (months.isEmpty()) {
			return Map.of();
		}
		Instant from = months.getFirst().atDay(1).atStartOfDay(BusinessCalendar.ZONE).toInstant();
		Instant to = months.getLast().plusMonths(1).atDay(1).atStartOfDay(BusinessCalendar.ZONE).toInstant();
		if (to.isAfter(now)) {
			to = now;
		}
		Map<String, FigureBook> books = new LinkedHashMap<>();
		months.forEach(m -> books.put(m.toString(), new FigureBook(scope)));
		Instant liveFrom = from;
		if (aboveCompound(scope)) {
			LocalDate endDay = rolledEnd(to);
			LocalDate firstDay = months.getFirst().atDay(1);
			if (firstDay.isBefore(endDay)) {
				jdbc.sql("""
						select to_char(day, 'YYYY-MM'), sum(received), sum(responded), sum(resolved), sum(rated),
						       sum(satisfied) + 0.9 * sum(basically)
						  from req_rates_daily
						 where compound_path >= ? and compound_path < ? and day >= ? and day < ?
						 group by 1""")
					.params(scope.path(), scope.upper(), java.sql.Date.valueOf(firstDay), java.sql.Date.valueOf(endDay))
					.query(rs -> {
						addMonth(books, rs);
					});
				liveFrom = endDay.atStartOfDay(BusinessCalendar.ZONE).toInstant();
			}
		}
		if (liveFrom.isBefore(to)) {
			jdbc.sql("""
					select to_char(submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM'), """ + LIVE_COUNTS + """
					  from req_request
					 where city_id = ? and node_path >= ? and node_path < ? and submitted_at >= ? and submitted_at < ?
					 group by 1""")
				.params(scope.cityId(), scope.path(), scope.upper(), Timestamp.from(liveFrom), Timestamp.from(to))
				.query(rs -> {
					addMonth(books, rs);
				});
		}
		Map<YearMonth, List<Figure>> result = new LinkedHashMap<>();
		books.forEach((month, book) -> {
			YearMonth m = YearMonth.parse(month);
			if (m.atDay(1).atStartOfDay(BusinessCalendar.ZONE).toInstant().isBefore(now)) {
				result.put(m, book.count("request.received", null)
					.percent("request.responseRate", "responded", "request.received", null)
					.percent("request.resolutionRate", "resolved", "request.received", null)
					.percent("request.satisfactionRate", "satisfiedWeighted", "rated", null)
					.build().get(scope.nodeId()));
			}
		});
		return result;
	}

	private static void addMonth(Map<String, FigureBook> books, java.sql.ResultSet rs) throws java.sql.SQLException {
		FigureBook book = books.get(rs.getString(1));
		if (book != null) {
			for (int i = 0; i < KEYS.length; i++) {
				book.add(null, KEYS[i], rs.getBigDecimal(i + 2));
			}
		}
	}

	private static boolean aboveCompound(StatisticsScope scope) {
		return scope.type().ordinal() < NodeType.COMPOUND.ordinal();
	}

	/** The first day not covered by the daily tallies, or {@code to}'s day if that is earlier (exclusive). */
	private LocalDate rolledEnd(Instant to) {
		LocalDate rolled = jdbc.sql("select rolled_until from req_rates_rollup where id = 1").query(java.sql.Date.class)
			.optional().map(java.sql.Date::toLocalDate).orElse(LocalDate.MIN);
		LocalDate endDay = to.atZone(BusinessCalendar.ZONE).toLocalDate();
		return endDay.isAfter(rolled.plusDays(1)) ? rolled.plusDays(1) : endDay;
	}
}
