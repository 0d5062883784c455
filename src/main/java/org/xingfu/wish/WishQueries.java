package org.xingfu.wish;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Masking;
import org.xingfu.shared.PageResult;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/** What each viewer may see of wishes: the public wall, lists, one wish with the actions open to the viewer. */
@Service
@Transactional(readOnly = true)
public class WishQueries {

	/** One wish as a viewer sees it; the beneficiary's name and phone are masked unless the viewer may see them. */
	public record WishView(long id, String title, String description, BigDecimal valueYuan, int claimantsNeeded,
			WishStatus status, String beneficiary, String beneficiaryPhone, String place, long communityId,
			Instant postedAt, String declineReason, String fulfilNote, String thanks, List<String> claimants,
			List<Long> photoIds, boolean canVerify, boolean canClaim, boolean canFulfil, boolean canConfirm,
			boolean claimedByMe) {
	}

	/** Counts by state for a node, for the staff home pages and the dashboards to come. */
	public record WishFigures(long collected, long published, long claimed, long fulfilled, long confirmed,
			long declined) {
	}

	private final JdbcClient jdbc;
	private final WishManagement management;
	private final OrganizationDirectory directory;

	WishQueries(JdbcClient jdbc, WishManagement management, OrganizationDirectory directory) {
		this.jdbc = jdbc;
		this.management = management;
		this.directory = directory;
	}

	/** The public wall of a community: published wishes and the recently fulfilled ones, masked for anyone. */
	public List<WishView> wall(long communityId) {
		List<Wish> wishes = jdbc.sql("""
				select * from wsh_wish where community_id = ? and status in ('PUBLISHED', 'CLAIMED', 'FULFILLED', 'CONFIRMED')
				 order by case status when 'PUBLISHED' then 0 when 'CLAIMED' then 1 else 2 end, id desc limit 200""")
			.param(communityId).query(WishManagement::map).list();
		return views(null, wishes);
	}

	/** Wishes for a signed-in person: those of their area (any state) and the published ones of the city. */
	public PageResult<WishView> list(Actor actor, WishStatus status, boolean mine, int page, int size) {
		ScopeSql.Fragment scope = ScopeSql.within("node_path", actor.scopePaths(), "s");
		Map<String, Object> params = new HashMap<>(scope.params());
		String where;
		if (mine) {
			where = "(posted_by = :me or id in (select wish_id from wsh_claim where claimant_username = :me))";
		}
		else {
			where = "(" + scope.sql() + " or status in ('PUBLISHED', 'CLAIMED', 'FULFILLED', 'CONFIRMED') or posted_by = :me)";
		}
		params.put("me", actor.username());
		if (status != null) {
			where += " and status = :status";
			params.put("status", status.name());
		}
		long total = jdbc.sql("select count(*) from wsh_wish where " + where).params(params).query(Long.class).single();
		params.put("limit", size);
		params.put("offset", (long) page * size);
		List<Wish> wishes = jdbc.sql("select * from wsh_wish where " + where + " order by id desc limit :limit offset :offset")
			.params(params).query(WishManagement::map).list();
		return new PageResult<>(views(actor, wishes), page, size, total);
	}

	public WishView detail(Actor actor, long id) {
		return views(actor, List.of(management.visible(actor, id))).getFirst();
	}

	public WishFigures figures(String nodePath) {
		Map<String, Long> counts = new HashMap<>();
		jdbc.sql("select status, count(*) from wsh_wish where node_path >= ? and node_path < ? group by status")
			.params(nodePath, nodePath + "\uffff")
			.query(rs -> {
				counts.put(rs.getString(1), rs.getLong(2));
			});
		return new WishFigures(counts.getOrDefault("COLLECTED", 0L), counts.getOrDefault("PUBLISHED", 0L),
				counts.getOrDefault("CLAIMED", 0L), counts.getOrDefault("FULFILLED", 0L),
				counts.getOrDefault("CONFIRMED", 0L), counts.getOrDefault("DECLINED", 0L));
	}

	/** Views for {@code actor} (null: an anonymous reader of the wall). */
	private List<WishView> views(Actor actor, List<Wish> wishes) {
		List<WishView> views = new ArrayList<>();
		boolean claimer = actor != null && management.mayClaim(actor);
		for (Wish w : wishes) {
			List<String> claimants = management.claimants(w.id());
			boolean claimedByMe = actor != null && claimants.contains(actor.username());
			boolean staff = actor != null && actor.reaches(w.nodePath(), WishManagement.COLLECTORS);
			boolean full = staff && actor.seesPersonalDataAt(w.nodePath()) || claimedByMe
					|| actor != null && actor.reaches(w.nodePath(), List.of(Role.RESIDENT));
			String compound = directory.findNode(w.compoundId()).map(n -> n.name()).orElse("");
			String place = full || staff ? directory.address(w.nodePath()) : compound;
			List<Long> photos = jdbc.sql("select id from wsh_photo where wish_id = ? order by id").param(w.id())
				.query(Long.class).list();
			List<String> claimantNames = jdbc.sql("select claimant_name from wsh_claim where wish_id = ? order by claimed_at")
				.param(w.id()).query(String.class).list().stream()
				.map(n -> staff || claimedByMe ? n : Masking.name(n)).toList();
			views.add(new WishView(w.id(), w.title(), w.description(), w.valueYuan(), w.claimantsNeeded(), w.status(),
					full ? w.beneficiaryName() : Masking.name(w.beneficiaryName()),
					full ? w.beneficiaryPhone() : null, place, w.communityId(), w.postedAt(),
					staff || actor != null && actor.username().equals(w.postedBy()) ? w.declineReason() : null,
					w.fulfilNote(), w.thanks(), claimantNames, photos,
					actor != null && w.status() == WishStatus.COLLECTED && actor.reaches(w.nodePath(), WishManagement.VERIFIERS),
					claimer && !claimedByMe
							&& (w.status() == WishStatus.PUBLISHED
									|| w.status() == WishStatus.CLAIMED && claimants.size() < w.claimantsNeeded())
							&& !(w.beneficiaryPersonId() != null && w.beneficiaryPersonId().equals(actor.personId())),
					claimedByMe && w.status() == WishStatus.CLAIMED,
					actor != null && w.status() == WishStatus.FULFILLED && (staff || actor.reaches(w.nodePath(), List.of(Role.RESIDENT))),
					claimedByMe));
		}
		return views;
	}
}
