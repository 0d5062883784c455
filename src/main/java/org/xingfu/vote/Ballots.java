package org.xingfu.vote;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory.OwnedPart;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/** Owners' ballots of a compound: opening with the roll, votes online, on paper or by proxy, closing and the count. */
@Service
@Transactional
public class Ballots {

	/** Who opens ballots and records paper and proxy votes: the community and above. */
	static final Set<Role> ORGANISERS = EnumSet.of(Role.COMMUNITY_STAFF, Role.STREET_ADMIN, Role.CITY_ADMIN);

	static final String DEVELOPER = "DEVELOPER";

	public record Ballot(long id, long compoundId, String nodePath, List<Long> buildingIds, Matter matter,
			String question, Instant opensAt, Instant closesAt, boolean rollTaken, Instant closedAt, String createdBy) {

		boolean openAt(Instant now) {
			return closedAt == null && !now.isBefore(opensAt) && now.isBefore(closesAt);
		}
	}

	/** Who took part (not how): household ids whose owner voted, and the channel. */
	public record Participation(int eligibleOwners, int participatingOwners, List<Long> votedHouseholds) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate transaction;
	private final Clock clock;

	Ballots(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events,
			TransactionTemplate transaction, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
		this.transaction = transaction;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	public long open(Actor actor, long compoundId, List<Long> buildingIds, Matter matter, String question,
			Instant opensAt, Instant closesAt) {
		NodeRef compound = directory.findNode(compoundId).filter(n -> n.type() == NodeType.COMPOUND)
			.filter(n -> actor.reaches(n.path(), ORGANISERS))
			.orElseThrow(() -> new NotFoundException("compound", compoundId));
		if (!closesAt.isAfter(opensAt)) {
			throw new InvalidFieldException("closesAt", "ballot.error.window");
		}
		if (!closesAt.isAfter(clock.instant())) {
			throw new InvalidFieldException("closesAt", "ballot.error.past");
		}
		List<Long> buildings = buildingIds == null ? List.of() : buildingIds.stream().distinct().toList();
		for (long b : buildings) {
			directory.findNode(b).filter(n -> n.type() == NodeType.BUILDING && n.path().startsWith(compound.path()))
				.orElseThrow(() -> new InvalidFieldException("buildingIds", "ballot.error.building"));
		}
		long id = jdbc.sql("""
				insert into vot_ballot (city_id, compound_id, node_path, building_ids, matter, question, opens_at,
				  closes_at, created_by, created_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
			.params(ScopeSql.cityOf(compound.path()), compound.id(), compound.path(),
					buildings.isEmpty() ? null : buildings.stream().map(String::valueOf).collect(Collectors.joining(",")),
					matter.name(), question.strip(), Timestamp.from(opensAt), Timestamp.from(closesAt), actor.username(),
					Timestamp.from(clock.instant()))
			.query(Long.class).single();
		audit(actor, "BALLOT_OPENED", id, compound.path(), matter.name());
		events.publishEvent(new BallotOpened(id, compound.id(), compound.name(), compound.path(), question.strip(),
				opensAt, closesAt));
		if (!opensAt.isAfter(clock.instant())) {
			takeRoll(find(id).orElseThrow());
		}
		return id;
	}

	/**
	 * The eligible roll, from the register as it stands when the ballot opens: every exclusive part with its area;
	 * its owner key is its owners (sorted), the developer's unsold parts share one key, and a part with no
	 * registered owner counts as an owner of its own.
	 */
	void takeRoll(Ballot b) {
		if (b.rollTaken()) {
			return;
		}
		List<OwnedPart> parts = new ArrayList<>();
		if (b.buildingIds().isEmpty()) {
			parts.addAll(directory.ownedParts(b.nodePath()));
		}
		else {
			for (long building : b.buildingIds()) {
				directory.findNode(building).ifPresent(n -> parts.addAll(directory.ownedParts(n.path())));
			}
		}
		for (OwnedPart p : parts) {
			jdbc.sql("insert into vot_roll (ballot_id, household_id, owner_key, area_m2, city_id) values (?, ?, ?, ?, ?)")
				.params(b.id(), p.householdId(), ownerKey(p), p.area(), ScopeSql.cityOf(b.nodePath())).update();
		}
		jdbc.sql("update vot_ballot set roll_taken = true where id = ?").param(b.id()).update();
	}

	static String ownerKey(OwnedPart p) {
		if (p.developerHeld()) {
			return DEVELOPER;
		}
		if (p.ownerIds().isEmpty()) {
			return "H" + p.householdId();
		}
		return p.ownerIds().stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
	}

	/** Takes the roll of every ballot whose opening time has come. */
	@Scheduled(fixedDelayString = "${xingfu.vote.roll-interval:30s}", initialDelayString = "${xingfu.vote.roll-delay:20s}")
	@SchedulerLock(name = "vote-rolls")
	void takeDueRolls() {
		List<long[]> due = jdbc.sql("select id, city_id from vot_ballot where not roll_taken and opens_at <= ?")
			.param(Timestamp.from(clock.instant())).query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.list();
		for (long[] ballot : due) {
			transaction.executeWithoutResult(
					s -> locked(ballot[0], ballot[1]).filter(b -> !b.rollTaken()).ifPresent(this::takeRoll));
		}
	}

	/**
	 * A vote. Without {@code householdId} an owner votes for themselves (all their parts, as one owner); with it, an
	 * owner of that household votes online, and staff record a paper or proxy vote for it. A vote again replaces the
	 * earlier one while the ballot is open. The choice is never written to the audit log.
	 */
	public void vote(Actor actor, long ballotId, Tally.Choice choice, Long householdId, boolean paper, boolean proxy) {
		Ballot b = locked(ballotId, actor.cityId()).filter(x -> mayRead(actor, x)).orElseThrow(() -> new NotFoundException("ballot", ballotId));
		Instant now = clock.instant();
		if (!b.openAt(now)) {
			throw new ConflictException("ballot.error.notOpen");
		}
		takeRoll(b);
		Map<Long, String> roll = roll(ballotId);
		String key;
		String channel;
		if (householdId == null) {
			key = roll.values().stream().filter(k -> ownedBy(k, actor)).findFirst()
				.orElseThrow(() -> new ForbiddenException("vote"));
			channel = "ONLINE";
		}
		else {
			key = roll.get(householdId);
			if (key == null) {
				throw new InvalidFieldException("householdId", "ballot.error.household");
			}
			if (ownedBy(key, actor) && !paper && !proxy) {
				channel = "ONLINE";
			}
			else if ((paper || proxy) && actor.reaches(b.nodePath(), ORGANISERS)) {
				channel = paper ? "PAPER" : "PROXY";
			}
			else {
				throw new ForbiddenException("vote");
			}
		}
		jdbc.sql("""
				insert into vot_vote (ballot_id, owner_key, choice, channel, cast_by, cast_at, city_id)
				values (?, ?, ?, ?, ?, ?, ?)
				on conflict (ballot_id, owner_key, city_id) do update
				  set choice = excluded.choice, channel = excluded.channel, cast_by = excluded.cast_by, cast_at = excluded.cast_at""")
			.params(ballotId, key, choice.name(), channel, actor.username(), Timestamp.from(now),
					ScopeSql.cityOf(b.nodePath()))
			.update();
		audit(actor, "BALLOT_VOTE_" + channel, ballotId, b.nodePath(), householdId == null ? null : "household " + householdId);
	}

	/** Closes a ballot whose time is up, or earlier once every owner on the roll has voted. */
	public Tally.Result close(Actor actor, long ballotId) {
		Ballot b = locked(ballotId, actor.cityId()).filter(x -> actor.reaches(x.nodePath(), ORGANISERS))
			.orElseThrow(() -> new NotFoundException("ballot", ballotId));
		if (b.closedAt() != null) {
			throw new ConflictException("ballot.error.closed");
		}
		takeRoll(b);
		Instant now = clock.instant();
		Participation p = participation(ballotId);
		if (now.isBefore(b.closesAt()) && p.participatingOwners() < p.eligibleOwners()) {
			throw new ConflictException("ballot.error.tooEarly");
		}
		jdbc.sql("update vot_ballot set closed_at = ? where id = ?").params(Timestamp.from(now), ballotId).update();
		Tally.Result result = count(b);
		events.publishEvent(new BallotClosed(ballotId, b.compoundId(), b.nodePath(), b.matter().name(), b.question(),
				result.passed(), result.outcome().name(), now));
		audit(actor, "BALLOT_CLOSED", ballotId, b.nodePath(), result.outcome().name());
		return result;
	}

	/** A ballot was closed and counted: other modules publish the result (notices) or react to it. */
	/** A ballot was set up; the owners of the compound hear when it opens and closes. */
	public record BallotOpened(long ballotId, long compoundId, String compoundName, String nodePath, String question,
			Instant opensAt, Instant closesAt) {
	}

	public record BallotClosed(long ballotId, long compoundId, String nodePath, String matter, String question,
			boolean passed, String outcome, Instant at) {
	}

	/** The count of a closed ballot; before closing nobody sees it (409). */
	@Transactional(readOnly = true)
	public Tally.Result result(Actor actor, long ballotId) {
		Ballot b = visible(actor, ballotId);
		if (b.closedAt() == null) {
			throw new ConflictException("ballot.error.notClosed");
		}
		return count(b);
	}

	Tally.Result count(Ballot b) {
		Map<String, BigDecimal> areaByOwner = new LinkedHashMap<>();
		jdbc.sql("select owner_key, sum(area_m2) from vot_roll where ballot_id = ? group by owner_key order by owner_key")
			.param(b.id()).query(rs -> {
				areaByOwner.put(rs.getString(1), rs.getBigDecimal(2));
			});
		Map<String, Tally.Choice> choices = new LinkedHashMap<>();
		jdbc.sql("select owner_key, choice from vot_vote where ballot_id = ?").param(b.id()).query(rs -> {
			choices.put(rs.getString(1), Tally.Choice.valueOf(rs.getString(2)));
		});
		List<Tally.Owner> owners = areaByOwner.entrySet().stream()
			.map(e -> new Tally.Owner(e.getValue(), choices.get(e.getKey()))).toList();
		return Tally.count(b.matter(), owners);
	}

	/** Who took part, for the owners of the compound and its staff; never how anyone voted. */
	@Transactional(readOnly = true)
	public Participation participation(long ballotId) {
		int eligible = jdbc.sql("select count(distinct owner_key) from vot_roll where ballot_id = ?").param(ballotId)
			.query(Integer.class).single();
		List<Long> voted = jdbc.sql("""
				select r.household_id from vot_roll r join vot_vote v on v.ballot_id = r.ballot_id and v.city_id = r.city_id and v.owner_key = r.owner_key
				 where r.ballot_id = ? order by 1""").param(ballotId).query(Long.class).list();
		int participating = jdbc.sql("select count(*) from vot_vote where ballot_id = ?").param(ballotId)
			.query(Integer.class).single();
		return new Participation(eligible, participating, voted);
	}

	/** The ballots of the compounds the actor may see (as staff, or as someone registered there), newest first. */
	@Transactional(readOnly = true)
	public List<Ballot> list(Actor actor) {
		return jdbc.sql("select * from vot_ballot order by id desc limit 500").query(Ballots::map).list().stream()
			.filter(b -> mayRead(actor, b)).limit(100).toList();
	}

	/** Whether the actor owns a part on the ballot's roll (or would, once the roll is taken). */
	@Transactional(readOnly = true)
	public boolean isOwner(Actor actor, long ballotId) {
		return roll(ballotId).values().stream().anyMatch(k -> ownedBy(k, actor));
	}

	/** The actor's own current choice, shown only to them. */
	@Transactional(readOnly = true)
	public Optional<Tally.Choice> choiceOf(Actor actor, long ballotId) {
		return roll(ballotId).values().stream().filter(k -> ownedBy(k, actor)).findFirst()
			.flatMap(key -> jdbc.sql("select choice from vot_vote where ballot_id = ? and owner_key = ?")
				.params(ballotId, key).query(String.class).optional())
			.map(Tally.Choice::valueOf);
	}

	@Transactional(readOnly = true)
	public Ballot visible(Actor actor, long id) {
		return find(id).filter(b -> mayRead(actor, b)).orElseThrow(() -> new NotFoundException("ballot", id));
	}

	/** Staff of the compound's area and the people registered in the compound. */
	static boolean mayRead(Actor actor, Ballot b) {
		return actor.canRead(b.nodePath()) || actor.grants().stream().filter(g -> g.role() == Role.RESIDENT)
			.flatMap(g -> g.scopePaths().stream()).anyMatch(home -> home.startsWith(b.nodePath()));
	}

	private static boolean ownedBy(String key, Actor actor) {
		return actor.personId() != null && !key.equals(DEVELOPER) && !key.startsWith("H")
				&& Arrays.asList(key.split(",")).contains(String.valueOf(actor.personId()));
	}

	private Map<Long, String> roll(long ballotId) {
		Map<Long, String> roll = new LinkedHashMap<>();
		jdbc.sql("select household_id, owner_key from vot_roll where ballot_id = ?").param(ballotId).query(rs -> {
			roll.put(rs.getLong(1), rs.getString(2));
		});
		return roll;
	}

	Optional<Ballot> find(long id) {
		return jdbc.sql("select * from vot_ballot where id = ?").param(id).query(Ballots::map).optional();
	}

	/** A row lock names the city: Citus locks rows only in a statement it routes to one node (ADR 0016). */
	private Optional<Ballot> locked(long id, long city) {
		return jdbc.sql("select * from vot_ballot where id = ? and city_id = ? for update").params(id, city)
			.query(Ballots::map).optional();
	}

	private static Ballot map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		String buildings = rs.getString("building_ids");
		return new Ballot(rs.getLong("id"), rs.getLong("compound_id"), rs.getString("node_path"),
				buildings == null ? List.of() : Arrays.stream(buildings.split(",")).map(Long::valueOf).toList(),
				Matter.valueOf(rs.getString("matter")), rs.getString("question"), rs.getTimestamp("opens_at").toInstant(),
				rs.getTimestamp("closes_at").toInstant(), rs.getBoolean("roll_taken"),
				rs.getTimestamp("closed_at") == null ? null : rs.getTimestamp("closed_at").toInstant(),
				rs.getString("created_by"));
	}

	private void audit(Actor actor, String action, long id, String path, String detail) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, "ballot", id, path, detail));
	}
}
