package org.xingfu.fund;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/**
 * A compound's maintenance fund account: the ledger of deposits, interest and spending, kept per building (the
 * owners of a building paid into it, and its repairs are paid from it), and the balances that follow from it.
 */
@Service
@Transactional
public class FundAccounts {

	/** Who records deposits and interest: the street and city (in practice copied from the housing authority's books). */
	static final Set<Role> BOOKKEEPERS = Set.of(Role.CITY_ADMIN, Role.STREET_ADMIN, Role.COMMUNITY_STAFF);

	public record BuildingBalance(long buildingId, String name, long balanceCents) {
	}

	public record Entry(long id, long buildingId, String buildingName, String kind, long amountCents,
			Long applicationId, String memo, String recordedBy, Instant recordedAt) {
	}

	public record Account(long compoundId, String compoundName, String nodePath, long balanceCents,
			List<BuildingBalance> buildings, List<Entry> ledger) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;

	FundAccounts(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
	}

	/** The account of a compound the reader may see: its staff, and the residents of the compound. */
	@Transactional(readOnly = true)
	public Account account(Actor actor, long compoundId, int ledgerLimit) {
		NodeRef compound = compound(actor, compoundId);
		List<BuildingBalance> buildings = balances(compound).values().stream().toList();
		List<Entry> ledger = jdbc.sql("""
				select l.id, l.building_id, b.name, l.kind, l.amount_cents, l.application_id, l.memo, l.recorded_by,
				       l.recorded_at
				  from fund_ledger l join org_node b on b.id = l.building_id and b.city_id = l.city_id
				 where l.compound_id = ? order by l.recorded_at desc, l.id desc limit ?""")
			.params(compoundId, ledgerLimit)
			.query((rs, i) -> new Entry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
					(Long) rs.getObject(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant()))
			.list();
		return new Account(compound.id(), compound.name(), compound.path(),
				buildings.stream().mapToLong(BuildingBalance::balanceCents).sum(), buildings, ledger);
	}

	/** A deposit or interest credited to one building of a compound. */
	public long credit(Actor actor, long compoundId, long buildingId, String kind, long amountCents, String memo) {
		NodeRef compound = compound(actor, compoundId);
		if (!actor.reaches(compound.path(), BOOKKEEPERS)) {
			throw new ForbiddenException("fund-credit");
		}
		if (!"DEPOSIT".equals(kind) && !"INTEREST".equals(kind)) {
			throw new InvalidFieldException("kind", "fund.error.kind");
		}
		if (amountCents <= 0) {
			throw new InvalidFieldException("amountCents", "fund.error.amount");
		}
		if (!balances(compound).containsKey(buildingId)) {
			throw new InvalidFieldException("buildingId", "fund.error.building");
		}
		long id = jdbc.sql("""
				insert into fund_ledger (city_id, compound_id, building_id, kind, amount_cents, memo, recorded_by, recorded_at)
				values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
			.params(ScopeSql.cityOf(compound.path()), compoundId, buildingId, kind, amountCents, memo.strip(), actor.username(),
					Timestamp.from(Instant.now()))
			.query(Long.class).single();
		events.publishEvent(ActionRecorded.of(actor.username(), "FUND_CREDITED", "fund_ledger", id, compound.path(),
				kind + " " + amountCents));
		return id;
	}

	/**
	 * The first collection (首期归集) of every compound of the demo city: 50 yuan per m² of exclusive area, per
	 * building, so the demo has money to spend. One statement, run by the demo loader in its transaction.
	 */
	public int openDemoAccounts(long cityId, String recordedBy) {
		return jdbc.sql("""
				insert into fund_ledger (city_id, compound_id, building_id, kind, amount_cents, memo, recorded_by, recorded_at)
				select c.city_id, c.id, b.id, 'DEPOSIT', (sum(h.area_m2) * 5000)::bigint, '首期归集（每平方米50元）', ?,
				       timestamptz '2022-01-01 09:00+08'
				  from org_node c join org_node b on b.parent_id = c.id and b.city_id = c.city_id
				  join org_node u on u.parent_id = b.id and u.city_id = b.city_id join org_node hn on hn.parent_id = u.id and hn.city_id = u.city_id
				  join org_household h on h.node_id = hn.id and h.city_id = hn.city_id
				 where c.city_id = ? and c.type = 'COMPOUND' group by c.city_id, c.id, b.id""")
			.params(recordedBy, cityId).update();
	}

	/** Balances of the buildings of a compound, in building order (a building with no entries has nothing). */
	Map<Long, BuildingBalance> balances(NodeRef compound) {
		Map<Long, BuildingBalance> result = new LinkedHashMap<>();
		jdbc.sql("""
				select b.id, b.name, coalesce(sum(l.amount_cents), 0)
				  from org_node b left join fund_ledger l on l.building_id = b.id and l.city_id = b.city_id
				 where b.parent_id = ? and b.type = 'BUILDING' group by b.id, b.name order by b.id""")
			.param(compound.id())
			.query(rs -> {
				result.put(rs.getLong(1), new BuildingBalance(rs.getLong(1), rs.getString(2), rs.getLong(3)));
			});
		return result;
	}

	/** A compound the reader may see, or 404: staff of its scope and residents living in it. */
	NodeRef compound(Actor actor, long compoundId) {
		return directory.findNode(compoundId).filter(n -> n.type() == NodeType.COMPOUND)
			.filter(n -> mayRead(actor, n.path())).orElseThrow(() -> new NotFoundException("compound", compoundId));
	}

	static boolean mayRead(Actor actor, String path) {
		return actor.canRead(path)
				|| actor.scopePaths(Set.of(Role.RESIDENT)).stream().anyMatch(p -> p.startsWith(path));
	}
}
