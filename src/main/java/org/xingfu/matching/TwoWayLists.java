package org.xingfu.matching;

import java.io.IOException;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory.PartnerUnitRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.FileStorage;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;
import org.xingfu.shared.Upload;

/** The resource list, the demand list, and a demand's way from posted to a confirmed practical matter. */
@Service
@Transactional
public class TwoWayLists {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	/** Who posts and confirms a compound's demands: its staff and the 三长. */
	static final Set<Role> COMPOUND_SIDE = EnumSet.of(Role.COMMUNITY_STAFF, Role.STREET_ADMIN, Role.CITY_ADMIN,
			Role.FIRST_SECRETARY, Role.GRID_HEAD, Role.GRID_WORKER, Role.BUILDING_HEAD, Role.UNIT_HEAD,
			Role.SUNK_CADRE);

	public enum Kind {
		SERVICE, VENUE, GOODS, FUNDS, SKILL
	}

	public enum Category {
		ELDERLY, CHILDREN, HEALTH, ENVIRONMENT, CULTURE, EDUCATION, LEGAL, EMPLOYMENT, REPAIR, SAFETY, OTHER
	}

	public enum DemandStatus {
		OPEN, CLAIMED, DELIVERED, CONFIRMED
	}

	public record NewResource(Kind kind, Category category, String title, String description, int capacity,
			Long areaNodeId, LocalDate validUntil) {
	}

	public record NewDemand(long nodeId, Category category, String title, String description, LocalDate wantedBy,
			int beneficiaries) {
	}

	public record Resource(long id, long partnerUnitId, String unitName, Long allianceId, Kind kind,
			Category category, String title, String description, int capacity, int used, String areaPath,
			LocalDate validUntil) {

		public int remaining() {
			return capacity - used;
		}
	}

	public record Demand(long id, long streetId, long communityId, long compoundId, String nodePath,
			Category category, String title, String description, LocalDate wantedBy, int beneficiaries,
			DemandStatus status, String postedBy, Instant postedAt, Long resourceId, Long partnerUnitId,
			String unitName, Long allianceId, String allianceName, String claimedBy, Instant claimedAt,
			String deliverNote, Instant deliveredAt, String confirmedBy, Instant confirmedAt) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final FileStorage storage;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	TwoWayLists(JdbcClient jdbc, OrganizationDirectory directory, FileStorage storage, ApplicationEventPublisher events,
			Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.storage = storage;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	LocalDate today() {
		return LocalDate.ofInstant(clock.instant(), CHINA);
	}

	/** The unit the actor acts for; only partner-unit liaisons publish resources and claim demands. */
	PartnerUnitRef unitOf(Actor actor) {
		if (actor.personId() == null) {
			throw new ForbiddenException("unit");
		}
		return directory.partnerUnitsOf(actor.personId()).stream().findFirst()
			.orElseThrow(() -> new ForbiddenException("unit"));
	}

	/** 资源清单: a unit publishes what it can give, for its alliance's area or a narrower one. */
	public long publishResource(Actor actor, NewResource r) {
		PartnerUnitRef unit = unitOf(actor);
		String area = unit.nodePath();
		if (r.areaNodeId() != null) {
			area = directory.findNode(r.areaNodeId()).map(NodeRef::path)
				.filter(p -> p.startsWith(unit.nodePath()) || unit.nodePath().startsWith(p))
				.orElseThrow(() -> new InvalidFieldException("areaNodeId", "matching.error.area"));
		}
		if (r.validUntil().isBefore(today())) {
			throw new InvalidFieldException("validUntil", "matching.error.past");
		}
		long id = jdbc.sql("""
				insert into mtc_resource (city_id, partner_unit_id, unit_name, alliance_id, kind, category, title,
				  description, capacity, area_path, valid_until, posted_by, posted_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
			.params(ScopeSql.cityOf(area), unit.id(), unit.name(), unit.allianceId(),
					r.kind().name(), r.category().name(), r.title().strip(), r.description().strip(), r.capacity(), area,
					Date.valueOf(r.validUntil()), actor.username(), Timestamp.from(clock.instant()))
			.query(Long.class).single();
		audit(actor, "RESOURCE_PUBLISHED", "resource", id, area, r.title());
		return id;
	}

	/** 需求清单: staff and the 三长 post what a compound (or a building in it) needs. */
	public long postDemand(Actor actor, NewDemand d) {
		NodeRef node = directory.findNode(d.nodeId())
			.filter(n -> n.type() == NodeType.COMPOUND || n.type() == NodeType.BUILDING)
			.orElseThrow(() -> new NotFoundException("node", d.nodeId()));
		if (!actor.reaches(node.path(), COMPOUND_SIDE)) {
			throw new NotFoundException("node", d.nodeId());
		}
		if (d.wantedBy().isBefore(today())) {
			throw new InvalidFieldException("wantedBy", "matching.error.past");
		}
		String[] ids = node.path().substring(1).split("/");
		long id = jdbc.sql("""
				insert into mtc_demand (city_id, street_id, community_id, compound_id, node_path, category, title,
				  description, wanted_by, beneficiaries, status, posted_by, posted_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?) returning id""")
			.params(Long.parseLong(ids[0]), Long.parseLong(ids[1]), Long.parseLong(ids[2]), Long.parseLong(ids[3]),
					node.path(), d.category().name(), d.title().strip(), d.description().strip(),
					Date.valueOf(d.wantedBy()), d.beneficiaries(), actor.username(), Timestamp.from(clock.instant()))
			.query(Long.class).single();
		audit(actor, "DEMAND_POSTED", "demand", id, node.path(), d.title());
		return id;
	}

	/**
	 * 认领: a unit takes the demand (optionally with one of its resources, whose capacity it uses). The demand row
	 * is locked, so of two claims at the same moment exactly one wins; the other gets 409.
	 */
	public void claim(Actor actor, long id, Long resourceId) {
		PartnerUnitRef unit = unitOf(actor);
		Demand d = locked(actor, id);
		if (!readableByUnit(unit, d)) {
			throw new NotFoundException("demand", id);
		}
		if (d.status() != DemandStatus.OPEN) {
			throw new ConflictException("matching.error.taken");
		}
		if (resourceId != null) {
			int used = jdbc.sql("""
					update mtc_resource set used = used + 1
					 where id = ? and partner_unit_id = ? and used < capacity and valid_until >= ?""")
				.params(resourceId, unit.id(), Date.valueOf(today())).update();
			if (used == 0) {
				throw new InvalidFieldException("resourceId", "matching.error.resource");
			}
		}
		jdbc.sql("""
				update mtc_demand set status = 'CLAIMED', resource_id = ?, partner_unit_id = ?, unit_name = ?,
				  alliance_id = ?, alliance_name = ?, claimed_by = ?, claimed_at = ? where id = ?""")
			.params(resourceId, unit.id(), unit.name(), unit.allianceId(), unit.allianceName(), actor.username(),
					Timestamp.from(clock.instant()), id)
			.update();
		audit(actor, "DEMAND_CLAIMED", "demand", id, d.nodePath(), unit.name());
	}

	/** 办结: the claiming unit delivered, with a note and photos. */
	public void deliver(Actor actor, long id, String note, List<Upload> photos) throws IOException {
		PartnerUnitRef unit = unitOf(actor);
		Demand d = locked(actor, id);
		if (d.partnerUnitId() == null || d.partnerUnitId() != unit.id()) {
			throw d.status() == DemandStatus.OPEN || !readableByUnit(unit, d) ? new NotFoundException("demand", id)
					: new ForbiddenException("deliver");
		}
		if (d.status() != DemandStatus.CLAIMED) {
			throw new ConflictException("matching.error.state", d.status().name());
		}
		for (Upload.Stored photo : Upload.storeAll(storage, photos, 0, 6, "matching.error.tooManyPhotos")) {
			jdbc.sql("insert into mtc_photo (demand_id, storage_key, content_type, uploaded_by, city_id) "
					+ "select id, ?, ?, ?, city_id from mtc_demand where id = ?")
				.params(photo.key(), photo.type(), actor.username(), id).update();
		}
		jdbc.sql("update mtc_demand set status = 'DELIVERED', deliver_note = ?, delivered_at = ? where id = ?")
			.params(note == null || note.isBlank() ? null : note.strip(), Timestamp.from(clock.instant()), id).update();
		audit(actor, "DEMAND_DELIVERED", "demand", id, d.nodePath(), null);
	}

	/** 确认: the compound side confirms; the demand becomes a practical matter on the unit's and alliance's ledger. */
	public void confirm(Actor actor, long id) {
		Demand d = locked(actor, id);
		if (!actor.canRead(d.nodePath())) {
			throw new NotFoundException("demand", id);
		}
		if (!actor.reaches(d.nodePath(), COMPOUND_SIDE)) {
			throw new ForbiddenException("confirm");
		}
		if (d.status() != DemandStatus.DELIVERED) {
			throw new ConflictException("matching.error.state", d.status().name());
		}
		Instant now = clock.instant();
		jdbc.sql("update mtc_demand set status = 'CONFIRMED', confirmed_by = ?, confirmed_at = ? where id = ?")
			.params(actor.username(), Timestamp.from(now), id).update();
		events.publishEvent(new MatterCompleted(id, d.partnerUnitId(), d.unitName(), d.allianceId(), d.communityId(),
				d.title(), d.claimedBy(), now));
		audit(actor, "DEMAND_CONFIRMED", "demand", id, d.nodePath(), d.unitName());
	}

	/** A confirmed demand: one more practical matter (实事) for the unit and its alliance. */
	public record MatterCompleted(long demandId, long partnerUnitId, String unitName, Long allianceId,
			long communityId, String title, String claimedBy, Instant at) {
	}

	/** Open demands of a street wanted in a month were sent to the street's alliance units (月度派单). */
	public record DemandsDispatched(long streetId, String month, int demands, String by, Instant at) {
	}

	/**
	 * 派单: the open demands of the actor's area wanted in {@code month} are sent to the partner units of each
	 * street's alliances; returns how many demands went out.
	 */
	public int dispatch(Actor actor, java.time.YearMonth month, List<Demand> demands) {
		if (!actor.hasAny(EnumSet.of(Role.STREET_ADMIN, Role.CITY_ADMIN, Role.COMMUNITY_STAFF))) {
			throw new ForbiddenException("dispatch");
		}
		java.util.Map<Long, Integer> perStreet = new java.util.TreeMap<>();
		for (Demand d : demands) {
			if (d.status() == DemandStatus.OPEN && actor.canRead(d.nodePath())) {
				perStreet.merge(d.streetId(), 1, Integer::sum);
			}
		}
		Instant now = clock.instant();
		perStreet.forEach((street, count) -> events.publishEvent(
				new DemandsDispatched(street, month.toString(), count, actor.username(), now)));
		int total = perStreet.values().stream().mapToInt(Integer::intValue).sum();
		events.publishEvent(ActionRecorded.of(actor.username(), "DEMANDS_DISPATCHED", "dispatch", month.toString(),
				actor.scopePaths().isEmpty() ? null : actor.scopePaths().getFirst(), total + " demands"));
		return total;
	}

	// --- reading

	/** A demand the actor may see: staff of its area, or any partner unit (open demands are offered to all units). */
	public Demand visible(Actor actor, long id) {
		Demand d = find(id).orElseThrow(() -> new NotFoundException("demand", id));
		if (actor.canRead(d.nodePath())) {
			return d;
		}
		if (actor.personId() != null) {
			for (PartnerUnitRef unit : directory.partnerUnitsOf(actor.personId())) {
				if (readableByUnit(unit, d)) {
					return d;
				}
			}
		}
		throw new NotFoundException("demand", id);
	}

	/** Units see open demands, and the ones they claimed. */
	static boolean readableByUnit(PartnerUnitRef unit, Demand d) {
		return d.status() == DemandStatus.OPEN || d.partnerUnitId() != null && d.partnerUnitId() == unit.id();
	}

	Optional<Demand> find(long id) {
		return jdbc.sql("select * from mtc_demand where id = ?").param(id).query(TwoWayLists::demand).optional();
	}

	private Demand locked(Actor actor, long id) {
		return jdbc.sql("select * from mtc_demand where id = ? and city_id = ? for update").params(id, actor.cityId())
			.query(TwoWayLists::demand)
			.optional().orElseThrow(() -> new NotFoundException("demand", id));
	}

	public List<Long> photoIds(long demandId) {
		return jdbc.sql("select id from mtc_photo where demand_id = ? order by id").param(demandId).query(Long.class).list();
	}

	public Optional<String[]> photo(long demandId, long photoId) {
		return jdbc.sql("select storage_key, content_type from mtc_photo where id = ? and demand_id = ?")
			.params(photoId, demandId).query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) }).optional();
	}

	private void audit(Actor actor, String action, String type, long id, String path, String detail) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, type, id, path, detail));
	}

	static Demand demand(ResultSet rs, int row) throws SQLException {
		return new Demand(rs.getLong("id"), rs.getLong("street_id"), rs.getLong("community_id"),
				rs.getLong("compound_id"), rs.getString("node_path"), Category.valueOf(rs.getString("category")),
				rs.getString("title"), rs.getString("description"), rs.getDate("wanted_by").toLocalDate(),
				rs.getInt("beneficiaries"), DemandStatus.valueOf(rs.getString("status")), rs.getString("posted_by"),
				instant(rs, "posted_at"), (Long) rs.getObject("resource_id"), (Long) rs.getObject("partner_unit_id"),
				rs.getString("unit_name"), (Long) rs.getObject("alliance_id"), rs.getString("alliance_name"),
				rs.getString("claimed_by"), instant(rs, "claimed_at"), rs.getString("deliver_note"),
				instant(rs, "delivered_at"), rs.getString("confirmed_by"), instant(rs, "confirmed_at"));
	}

	static Resource resource(ResultSet rs, int row) throws SQLException {
		return new Resource(rs.getLong("id"), rs.getLong("partner_unit_id"), rs.getString("unit_name"),
				(Long) rs.getObject("alliance_id"), Kind.valueOf(rs.getString("kind")),
				Category.valueOf(rs.getString("category")), rs.getString("title"), rs.getString("description"),
				rs.getInt("capacity"), rs.getInt("used"), rs.getString("area_path"),
				rs.getDate("valid_until").toLocalDate());
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}
}
