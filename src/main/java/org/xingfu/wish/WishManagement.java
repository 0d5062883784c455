package org.xingfu.wish;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.NodeRef;
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
import org.xingfu.shared.Upload;

/** The life of a wish, each step checked against who may take it and from which state. */
@Service
@Transactional
public class WishManagement {

	/** Who verifies, declines and may see everything of the wishes in their area. */
	static final Set<Role> VERIFIERS = EnumSet.of(Role.COMMUNITY_STAFF, Role.STREET_ADMIN, Role.CITY_ADMIN);

	/** Who may collect a wish for a household in their area (visits, wish boxes). */
	static final Set<Role> COLLECTORS = EnumSet.of(Role.COMMUNITY_STAFF, Role.STREET_ADMIN, Role.CITY_ADMIN,
			Role.GRID_HEAD, Role.GRID_WORKER, Role.BUILDING_HEAD, Role.UNIT_HEAD, Role.FIRST_SECRETARY,
			Role.SUNK_CADRE);

	/** Who may claim: volunteers, partner units and the party members among staff and cadres. */
	static final Set<Role> CLAIMERS = EnumSet.of(Role.VOLUNTEER, Role.PARTNER_UNIT, Role.SUNK_CADRE,
			Role.FIRST_SECRETARY, Role.GRID_HEAD, Role.GRID_WORKER, Role.BUILDING_HEAD, Role.UNIT_HEAD,
			Role.COMMUNITY_STAFF);

	static final int MAX_PHOTOS = 6;

	/** What a person asks for, as entered on the form or the API. */
	public record Post(Long householdId, Long beneficiaryPersonId, String beneficiaryName, String beneficiaryPhone,
			String title, String description, BigDecimal valueYuan, Integer claimantsNeeded) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final FileStorage storage;
	private final ApplicationEventPublisher events;
	private final Clock clock;
	private final BigDecimal valueCap;

	WishManagement(JdbcClient jdbc, OrganizationDirectory directory, FileStorage storage,
			ApplicationEventPublisher events, Optional<Clock> clock,
			@Value("${xingfu.wish.value-cap:500}") BigDecimal valueCap) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.storage = storage;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
		this.valueCap = valueCap;
	}

	public BigDecimal valueCap() {
		return valueCap;
	}

	/** 征集: a resident for themselves, or a collector for a household in their area. */
	public long post(Actor actor, Post p) {
		NodeRef household = household(actor, p.householdId());
		boolean collector = actor.reaches(household.path(), COLLECTORS);
		if (!WishFlow.valueAllowed(p.valueYuan(), valueCap)) {
			throw new InvalidFieldException("valueYuan",
					p.valueYuan() == null || p.valueYuan().signum() <= 0 ? "wish.error.value" : "wish.error.overCap");
		}
		int needed = p.claimantsNeeded() == null ? 1 : p.claimantsNeeded();
		if (needed < 1 || needed > 20) {
			throw new InvalidFieldException("claimantsNeeded", "wish.error.claimants");
		}
		List<OrganizationDirectory.ResidentContact> residents = directory.residentsOf(household.id());
		String name;
		String phone;
		Long personId;
		if (!collector) {
			// a resident asks for themselves
			OrganizationDirectory.ResidentContact self = residents.stream()
				.filter(r -> actor.personId() != null && r.personId() == actor.personId())
				.findFirst().orElseThrow(() -> new NotFoundException("household", household.id()));
			personId = self.personId();
			name = self.name();
			phone = self.phone();
		}
		else if (p.beneficiaryPersonId() != null) {
			OrganizationDirectory.ResidentContact chosen = residents.stream()
				.filter(r -> r.personId() == p.beneficiaryPersonId()).findFirst()
				.orElseThrow(() -> new InvalidFieldException("beneficiaryPersonId", "wish.error.beneficiary"));
			personId = chosen.personId();
			name = chosen.name();
			phone = blankToNull(p.beneficiaryPhone()) != null ? p.beneficiaryPhone().strip() : chosen.phone();
		}
		else {
			if (blankToNull(p.beneficiaryName()) == null) {
				throw new InvalidFieldException("beneficiaryName", "wish.error.beneficiary");
			}
			personId = null;
			name = p.beneficiaryName().strip();
			phone = blankToNull(p.beneficiaryPhone());
		}
		String[] ids = household.path().substring(1).split("/");
		Instant now = clock.instant();
		long id = jdbc.sql("""
				insert into wsh_wish (city_id, community_id, compound_id, household_id, node_path, beneficiary_person_id,
				  beneficiary_name, beneficiary_phone, title, description, value_yuan, claimants_needed, status, posted_by,
				  posted_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'COLLECTED', ?, ?) returning id""")
			.params(Long.parseLong(ids[0]), Long.parseLong(ids[2]), Long.parseLong(ids[3]), household.id(),
					household.path(), personId, name, phone, p.title().strip(), p.description().strip(), p.valueYuan(),
					needed, actor.username(), Timestamp.from(now))
			.query(Long.class).single();
		audit(actor, "WISH_POSTED", id, household.path(), p.title());
		return id;
	}

	/** 核实: the community checked the family's situation; the wish goes on the wall. */
	public void verify(Actor actor, long id) {
		Wish w = locked(actor, id);
		requireVerifier(actor, w);
		require(w, WishFlow.VERIFY);
		Instant now = clock.instant();
		jdbc.sql("update wsh_wish set status = 'PUBLISHED', verified_by = ?, verified_at = ?, version = version + 1 where id = ?")
			.params(actor.username(), Timestamp.from(now), id).update();
		audit(actor, "WISH_VERIFIED", id, w.nodePath(), null);
	}

	public void decline(Actor actor, long id, String reason) {
		Wish w = locked(actor, id);
		requireVerifier(actor, w);
		require(w, WishFlow.DECLINE);
		jdbc.sql("update wsh_wish set status = 'DECLINED', verified_by = ?, verified_at = ?, decline_reason = ?, version = version + 1 where id = ?")
			.params(actor.username(), Timestamp.from(clock.instant()), reason.strip(), id).update();
		audit(actor, "WISH_DECLINED", id, w.nodePath(), reason);
	}

	/**
	 * 认领: one claimant, or up to the number a larger wish needs. The wish row is locked, so of two claims at the
	 * same moment exactly one takes the last place and the other gets 409.
	 */
	public void claim(Actor actor, long id) {
		Wish w = lockedPublished(actor, id);
		if (!mayClaim(actor)) {
			throw new ForbiddenException("claim");
		}
		if (w.beneficiaryPersonId() != null && w.beneficiaryPersonId().equals(actor.personId())) {
			throw new ForbiddenException("claim");
		}
		require(w, WishFlow.CLAIM);
		List<String> claimants = claimants(id);
		if (claimants.contains(actor.username())) {
			throw new ConflictException("wish.error.alreadyClaimed");
		}
		if (!WishFlow.roomForClaim(claimants.size(), w.claimantsNeeded())) {
			throw new ConflictException("wish.error.taken");
		}
		Instant now = clock.instant();
		jdbc.sql("""
				insert into wsh_claim (wish_id, claimant_username, claimant_person_id, claimant_name, claimed_at, city_id)
				values (?, ?, ?, ?, ?, ?)""")
			.params(id, actor.username(), actor.personId(), actor.displayName(), Timestamp.from(now), w.cityId())
			.update();
		jdbc.sql("update wsh_wish set status = 'CLAIMED', version = version + 1 where id = ?").param(id).update();
		audit(actor, "WISH_CLAIMED", id, w.nodePath(), null);
		events.publishEvent(new WishEvents.WishClaimed(id, w.title(), w.beneficiaryPersonId(), now));
	}

	/** 实现: a claimant delivered; on the page a photo is required, the API may add it separately. */
	public void fulfil(Actor actor, long id, String note, List<Upload> photos) throws IOException {
		Wish w = locked(actor, id);
		if (!claimants(id).contains(actor.username())) {
			throw new ForbiddenException("fulfil");
		}
		require(w, WishFlow.FULFIL);
		addPhotos(actor, id, photos);
		jdbc.sql("update wsh_wish set status = 'FULFILLED', fulfil_note = ?, fulfilled_at = ?, version = version + 1 where id = ?")
			.params(blankToNull(note), Timestamp.from(clock.instant()), id).update();
		audit(actor, "WISH_FULFILLED", id, w.nodePath(), null);
	}

	/** Photos of a fulfilment, by a claimant, while the wish is claimed or fulfilled. */
	public void addPhotos(Actor actor, long id, List<Upload> photos) throws IOException {
		Wish w = locked(actor, id);
		if (!claimants(id).contains(actor.username())) {
			throw new ForbiddenException("photo");
		}
		require(w, WishFlow.ADD_PHOTO);
		long existing = jdbc.sql("select count(*) from wsh_photo where wish_id = ?").param(id).query(Long.class).single();
		for (Upload.Stored photo : Upload.storeAll(storage, photos, existing, MAX_PHOTOS, "wish.error.tooManyPhotos")) {
			jdbc.sql("insert into wsh_photo (wish_id, storage_key, content_type, uploaded_by, city_id) values (?, ?, ?, ?, ?)")
				.params(id, photo.key(), photo.type(), actor.username(), w.cityId()).update();
		}
	}

	/** 反馈: the beneficiary's household or the staff of the area confirm; the claimants earn their points. */
	public void confirm(Actor actor, long id, String thanks) {
		Wish w = locked(actor, id);
		boolean household = actor.reaches(w.nodePath(), List.of(Role.RESIDENT));
		if (!household && !actor.reaches(w.nodePath(), COLLECTORS)) {
			throw new ForbiddenException("confirm");
		}
		require(w, WishFlow.CONFIRM);
		Instant now = clock.instant();
		jdbc.sql("update wsh_wish set status = 'CONFIRMED', confirmed_by = ?, confirmed_at = ?, thanks = ?, version = version + 1 where id = ?")
			.params(actor.username(), Timestamp.from(now), blankToNull(thanks), id).update();
		List<WishEvents.Claimant> claimants = jdbc.sql("select claimant_username, claimant_person_id, claimant_name from wsh_claim where wish_id = ? order by claimed_at")
			.param(id).query((rs, i) -> new WishEvents.Claimant(rs.getString(1), (Long) rs.getObject(2), rs.getString(3)))
			.list();
		events.publishEvent(new WishEvents.WishConfirmed(id, w.communityId(), w.title(), claimants, now));
		audit(actor, "WISH_CONFIRMED", id, w.nodePath(), null);
	}

	/** A stored photo of a wish the actor may see. */
	@Transactional(readOnly = true)
	public Optional<String[]> photo(long wishId, long photoId) {
		return jdbc.sql("select storage_key, content_type from wsh_photo where id = ? and wish_id = ?")
			.params(photoId, wishId).query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) }).optional();
	}

	// --- reading and checking

	/** Volunteers, partner units, staff and cadres, and any party member among the residents. */
	boolean mayClaim(Actor actor) {
		return actor.hasAny(CLAIMERS) || actor.personId() != null && directory.isPartyMember(actor.personId());
	}

	/** The wish if the actor may see it at all: published ones for everyone signed in, others in their area. */
	Wish visible(Actor actor, long id) {
		Wish w = find(id).orElseThrow(() -> new NotFoundException("wish", id));
		if (!mayRead(actor, w)) {
			throw new NotFoundException("wish", id);
		}
		return w;
	}

	boolean mayRead(Actor actor, Wish w) {
		return w.status().published() || actor.canRead(w.nodePath()) || actor.username().equals(w.postedBy());
	}

	Optional<Wish> find(long id) {
		return jdbc.sql("select * from wsh_wish where id = ?").param(id).query(WishManagement::map).optional();
	}

	List<String> claimants(long id) {
		return jdbc.sql("select claimant_username from wsh_claim where wish_id = ? order by claimed_at").param(id)
			.query(String.class).list();
	}

	private Wish locked(Actor actor, long id) {
		Wish w = jdbc.sql("select * from wsh_wish where id = ? and city_id = ? for update").params(id, actor.cityId())
			.query(WishManagement::map)
			.optional().orElseThrow(() -> new NotFoundException("wish", id));
		if (!mayRead(actor, w)) {
			throw new NotFoundException("wish", id);
		}
		return w;
	}

	private Wish lockedPublished(Actor actor, long id) {
		Wish w = jdbc.sql("select * from wsh_wish where id = ? and city_id = ? for update").params(id, actor.cityId())
			.query(WishManagement::map)
			.optional().orElseThrow(() -> new NotFoundException("wish", id));
		if (w.status() == WishStatus.COLLECTED || w.status() == WishStatus.DECLINED) {
			// an unpublished wish is not for claiming: say so rather than pretend it does not exist
			throw new ConflictException("wish.error.notPublished");
		}
		return w;
	}

	private NodeRef household(Actor actor, Long householdId) {
		if (householdId == null) {
			return actor.grants().stream().filter(g -> g.role() == Role.RESIDENT).findFirst()
				.flatMap(g -> directory.findNode(g.nodeId()))
				.orElseThrow(() -> new InvalidFieldException("householdId", "wish.error.household"));
		}
		NodeRef node = directory.findNode(householdId).filter(n -> n.type() == NodeType.HOUSEHOLD)
			.orElseThrow(() -> new NotFoundException("household", householdId));
		if (!actor.reaches(node.path(), COLLECTORS) && !actor.reaches(node.path(), List.of(Role.RESIDENT))) {
			throw new NotFoundException("household", householdId);
		}
		return node;
	}

	private static void requireVerifier(Actor actor, Wish w) {
		if (!actor.reaches(w.nodePath(), VERIFIERS)) {
			throw new ForbiddenException("verify");
		}
	}

	private static void require(Wish w, WishFlow step) {
		if (!step.allowedFrom(w.status())) {
			throw new ConflictException("wish.error.state", w.status().name());
		}
	}

	private void audit(Actor actor, String action, long id, String path, String detail) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, "wish", id, path, detail));
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.strip();
	}

	static Wish map(ResultSet rs, int row) throws SQLException {
		return new Wish(rs.getLong("id"), rs.getLong("city_id"), rs.getLong("community_id"), rs.getLong("compound_id"),
				rs.getLong("household_id"), rs.getString("node_path"), (Long) rs.getObject("beneficiary_person_id"),
				rs.getString("beneficiary_name"), rs.getString("beneficiary_phone"), rs.getString("title"),
				rs.getString("description"), rs.getBigDecimal("value_yuan"), rs.getInt("claimants_needed"),
				WishStatus.valueOf(rs.getString("status")), rs.getString("posted_by"), instant(rs, "posted_at"),
				rs.getString("verified_by"), instant(rs, "verified_at"), rs.getString("decline_reason"),
				rs.getString("fulfil_note"), instant(rs, "fulfilled_at"), rs.getString("confirmed_by"),
				instant(rs, "confirmed_at"), rs.getString("thanks"), rs.getInt("version"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}
}
