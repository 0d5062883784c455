package org.xingfu.request;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.Figure;
import org.xingfu.shared.FigureBook;
import org.xingfu.shared.NodeStatistics;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.StatisticsScope;

/**
 * The request figures of a node and its children: received in the period, the three rates (domain.md section 3,
 * the same arithmetic as {@link RequestRates}) and the open and overdue cases now. Whole days up to the rolled-up
 * mark come from the daily tallies per compound, the rest is counted live, as {@link RequestQueries#rates} does.
 */
@Component
class RequestStatistics implements NodeStatistics {

	private static final String[] KEYS = { "request.received", "responded", "resolved", "rated", "satisfiedWeighted" };

	private final JdbcClient jdbc;
	private final Clock clock;

	RequestStatistics(JdbcClient jdbc, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		Instant liveFrom = scope.from();
		// tallies are per compound, so they split a city, street or community by child, never a compound
		if (scope.type().ordinal() < NodeType.COMPOUND.ordinal()) {
			LocalDate rolled = jdbc.sql("select rolled_until from req_rates_rollup where id = 1").query(java.sql.Date.class)
				.optional().map(java.sql.Date::toLocalDate).orElse(LocalDate.MIN);
			LocalDate firstDay = scope.from().atZone(BusinessCalendar.ZONE).toLocalDate();
			LocalDate endDay = scope.to().atZone(BusinessCalendar.ZONE).toLocalDate();
			if (endDay.isAfter(rolled.plusDays(1))) {
				endDay = rolled.plusDays(1);
			}
			if (firstDay.atStartOfDay(BusinessCalendar.ZONE).toInstant().equals(scope.from()) && firstDay.isBefore(endDay)) {
				jdbc.sql("""
						select split_part(compound_path, '/', ?), sum(received), sum(responded), sum(resolved), sum(rated),
						       sum(satisfied) + 0.9 * sum(basically)
						  from req_rates_daily
						 where compound_path >= ? and compound_path < ? and day >= ? and day < ?
						 group by 1""")
					.params(scope.childPart(), scope.path(), scope.upper(), java.sql.Date.valueOf(firstDay),
							java.sql.Date.valueOf(endDay))
					.query(rs -> {
						book.addRow(rs, KEYS);
					});
				liveFrom = endDay.atStartOfDay(BusinessCalendar.ZONE).toInstant();
			}
		}
		if (liveFrom.isBefore(scope.to())) {
			jdbc.sql("""
					select split_part(node_path, '/', ?), count(*),
					       count(*) filter (where first_accepted_at is not null and first_accepted_at <= first_accept_due_at),
					       count(*) filter (where confirmed_at is not null),
					       count(*) filter (where satisfaction is not null),
					       count(*) filter (where satisfaction = 'SATISFIED')
					         + 0.9 * count(*) filter (where satisfaction = 'BASICALLY_SATISFIED')
					  from req_request
					 where node_path >= ? and node_path < ? and submitted_at >= ? and submitted_at < ?
					 group by 1""")
				.params(scope.childPart(), scope.path(), scope.upper(), Timestamp.from(liveFrom), Timestamp.from(scope.to()))
				.query(rs -> {
					book.addRow(rs, KEYS);
				});
		}
		Timestamp now = Timestamp.from(clock.instant());
		if (!scope.periodOnly()) jdbc.sql("""
				select split_part(node_path, '/', ?), count(*),
				       count(*) filter (where (status = 'SUBMITTED' and accept_due_at < ?) or resolve_due_at < ?)
				  from req_request
				 where node_path >= ? and node_path < ? and status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS')
				 group by 1""")
			.params(scope.childPart(), now, now, scope.path(), scope.upper())
			.query(rs -> {
				book.addRow(rs, "request.open", "request.overdue");
			});
		return book.count("request.received", "/admin/requests?status=ALL&nodeId={node}")
			.percent("request.responseRate", "responded", "request.received", "/admin/requests/rates?nodeId={node}")
			.percent("request.resolutionRate", "resolved", "request.received", "/admin/requests/rates?nodeId={node}")
			.percent("request.satisfactionRate", "satisfiedWeighted", "rated", "/admin/requests/rates?nodeId={node}")
			.count("request.open", "/admin/requests?status=OPEN&nodeId={node}")
			.count("request.overdue", "/admin/requests?status=OPEN&overdue=true&nodeId={node}")
			.build();
	}

	@Override
	public boolean hasTrend() {
		return true;
	}

}
