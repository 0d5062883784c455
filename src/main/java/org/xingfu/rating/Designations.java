package org.xingfu.rating;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.notice.NoticeScope;
import org.xingfu.notice.NoticeType;
import org.xingfu.notice.Notices;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/**
 * 幸福小区 designation (domain.md section 13): the compound's self-assessment (its first secretary or the
 * community's staff, with the computed total beside the claimed one), the street's review, the city's re-check,
 * the proposed list of the year posted as a public notice, and the final list once the publicity period has run and
 * every objection has an answer. A refusal at any step needs its reason.
 */
@Service
public class Designations {

	static final Set<Role> SELF_ASSESSORS = Set.of(Role.FIRST_SECRETARY, Role.COMMUNITY_STAFF);

	public enum Level {
		CITY, DISTRICT
	}

	public record Designation(long id, long compoundId, String compoundName, String nodePath, int year, String level,
			String status, BigDecimal selfScore, String selfNote, BigDecimal computedScore, String streetNote,
			String streetBy, String cityNote, String cityBy, String rejectedReason, Long noticeId, Long finalNoticeId,
			Instant createdAt) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final CompoundRatings ratings;
	private final Notices notices;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	Designations(JdbcClient jdbc, OrganizationDirectory directory, CompoundRatings ratings, Notices notices,
			ApplicationEventPublisher events, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.ratings = ratings;
		this.notices = notices;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@Transactional
	public long selfAssess(Actor actor, long compoundId, int year, Level level, BigDecimal selfScore, String note) {
		NodeRef compound = ratings.compound(actor, compoundId);
		if (!actor.reaches(compound.path(), SELF_ASSESSORS)) {
			throw new ForbiddenException("rating-self-assess");
		}
		if (level == null) {
			throw new InvalidFieldException("level", "rating.error.level");
		}
		if (selfScore == null || selfScore.signum() < 0 || selfScore.compareTo(RatingArithmetic.HUNDRED) > 0) {
			throw new InvalidFieldException("selfScore", "rating.error.selfScore");
		}
		if (note == null || note.strip().length() < 10 || note.strip().length() > 2000) {
			throw new InvalidFieldException("selfNote", "rating.error.selfNote");
		}
		BigDecimal computed = ratings.rate(actor, compoundId, year).total();
		Optional<Designation> existing = find(compoundId, year);
		if (existing.isPresent() && !"REJECTED".equals(existing.get().status())) {
			throw new ConflictException("rating.error.alreadyAssessed");
		}
		existing.ifPresent(d -> jdbc.sql("delete from rtg_designation where id = ?").param(d.id()).update());
		long id = jdbc.sql("""
				insert into rtg_designation (city_id, compound_id, node_path, year, level, status, self_score, self_note,
				  computed_score, created_by)
				values (?, ?, ?, ?, ?, 'SELF_ASSESSED', ?, ?, ?, ?) returning id""")
			.params(ScopeSql.cityOf(compound.path()), compoundId, compound.path(), year, level.name(), selfScore, note.strip(), computed,
					actor.username())
			.query(Long.class).single();
		events.publishEvent(ActionRecorded.of(actor.username(), "DESIGNATION_SELF_ASSESSED", "designation", id,
				compound.path(), year + " " + level));
		return id;
	}

	/** The street's review (approve = forward to the city) or the city's re-check (approve = put on the list). */
	@Transactional
	public Designation review(Actor actor, long id, boolean approve, String note) {
		Designation d = visible(actor, id);
		jdbc.sql("select id from rtg_designation where id = ? and city_id = ? for update").params(id, actor.cityId())
			.query(Long.class).single();
		String step;
		if ("SELF_ASSESSED".equals(d.status())) {
			if (!actor.reaches(d.nodePath(), Set.of(Role.STREET_ADMIN))) {
				throw new ForbiddenException("designation-street-review");
			}
			step = "STREET";
		}
		else if ("STREET_REVIEWED".equals(d.status())) {
			if (!actor.reaches(d.nodePath(), Set.of(Role.CITY_ADMIN))) {
				throw new ForbiddenException("designation-city-check");
			}
			step = "CITY";
		}
		else {
			throw new ConflictException("rating.error.notUnderReview");
		}
		String text = note == null ? "" : note.strip();
		if (!approve && text.length() < 4 || text.length() > 1000) {
			throw new InvalidFieldException("note", "rating.error.reviewNote");
		}
		String column = step.equals("STREET") ? "street" : "city";
		String next = !approve ? "REJECTED" : step.equals("STREET") ? "STREET_REVIEWED" : "CITY_CHECKED";
		jdbc.sql("update rtg_designation set status = ?, " + column + "_note = ?, " + column + "_by = ?, " + column
				+ "_at = now(), rejected_reason = ? where id = ?")
			.params(next, text.isEmpty() ? null : text, actor.username(), approve ? null : text, id).update();
		events.publishEvent(ActionRecorded.of(actor.username(), "DESIGNATION_" + step + (approve ? "_APPROVED" : "_REJECTED"),
				"designation", id, d.nodePath(), text));
		return find(id).orElseThrow();
	}

	/** The city's proposed list of the year: every re-checked compound, posted as a public notice. */
	@Transactional
	public long propose(Actor actor, int year, int publicityDays) {
		NodeRef city = cityOf(actor);
		List<Designation> checked = list(city.path(), year).stream().filter(d -> "CITY_CHECKED".equals(d.status())).toList();
		if (checked.isEmpty()) {
			throw new ConflictException("rating.error.nothingToPropose");
		}
		if (list(city.path(), year).stream().anyMatch(d -> "PROPOSED".equals(d.status()) || "FINAL".equals(d.status()))) {
			throw new ConflictException("rating.error.alreadyProposed");
		}
		long notice = notices.post("rating-designation:" + city.id() + ":" + year, actor.username(), city.id(),
				NoticeScope.PUBLIC, NoticeType.RATING, year + "年度幸福小区拟命名名单公示", body(checked, true),
				Duration.ofDays(Math.max(publicityDays, 1)));
		jdbc.sql("""
				update rtg_designation set status = 'PROPOSED', notice_id = ?
				 where year = ? and status = 'CITY_CHECKED' and node_path >= ? and node_path < ?""")
			.params(notice, year, city.path(), city.path() + "~").update();
		events.publishEvent(ActionRecorded.of(actor.username(), "DESIGNATION_PROPOSED", "notice", notice, city.path(),
				year + ": " + checked.size()));
		return notice;
	}

	/** The final list, once the proposed list's publicity has run and every objection has an answer. */
	@Transactional
	public long finalise(Actor actor, int year) {
		NodeRef city = cityOf(actor);
		List<Designation> proposed = list(city.path(), year).stream().filter(d -> "PROPOSED".equals(d.status())).toList();
		if (proposed.isEmpty()) {
			throw new ConflictException("rating.error.nothingProposed");
		}
		Notices.PublicityState state = notices.publicity(proposed.getFirst().noticeId());
		if (clock.instant().isBefore(state.endsAt())) {
			throw new ConflictException("rating.error.publicityRunning", java.time.format.DateTimeFormatter
				.ofPattern("yyyy-MM-dd HH:mm").format(state.endsAt().atZone(CompoundRatings.CHINA)));
		}
		if (state.unanswered() > 0) {
			throw new ConflictException("rating.error.unanswered", state.unanswered());
		}
		long notice = notices.post("rating-designation-final:" + city.id() + ":" + year, actor.username(), city.id(),
				NoticeScope.PUBLIC, NoticeType.RATING, year + "年度幸福小区命名名单", body(proposed, false), Duration.ofDays(7));
		jdbc.sql("""
				update rtg_designation set status = 'FINAL', final_notice_id = ?
				 where year = ? and status = 'PROPOSED' and node_path >= ? and node_path < ?""")
			.params(notice, year, city.path(), city.path() + "~").update();
		events.publishEvent(ActionRecorded.of(actor.username(), "DESIGNATION_FINALISED", "notice", notice, city.path(),
				year + ": " + proposed.size()));
		return notice;
	}

	private NodeRef cityOf(Actor actor) {
		return actor.grants().stream().filter(g -> g.role() == Role.CITY_ADMIN).findFirst()
			.flatMap(g -> directory.findNode(g.nodeId()))
			.orElseThrow(() -> new ForbiddenException("designation-list"));
	}

	private String body(List<Designation> list, boolean proposed) {
		StringBuilder b = new StringBuilder(proposed
				? "经小区自评、街道审核、市级复核，拟命名以下小区为幸福小区。公示期内如有异议，请在本公示下提出。\n\n"
				: "经公示无异议（或异议均已答复），以下小区命名为幸福小区。\n\n");
		for (Designation d : list) {
			String address = directory.address(d.nodePath());
			b.append(d.level().equals("CITY") ? "【市级】" : "【区级】").append(address.isBlank() ? d.compoundName() : address)
				.append("　评分 ").append(d.computedScore() == null ? "—" : d.computedScore().toPlainString()).append('\n');
		}
		return b.toString();
	}

	@Transactional(readOnly = true)
	public Designation visible(Actor actor, long id) {
		return find(id).filter(d -> actor.reaches(d.nodePath(), CompoundRatings.READERS))
			.orElseThrow(() -> new NotFoundException("designation", id));
	}

	@Transactional(readOnly = true)
	public Optional<Designation> ofCompound(long compoundId, int year) {
		return find(compoundId, year);
	}

	/** Designations of the year in the actor's area. */
	@Transactional(readOnly = true)
	public List<Designation> list(Actor actor, int year) {
		return actor.scopePaths(CompoundRatings.READERS).stream().flatMap(p -> list(p, year).stream()).distinct().toList();
	}

	private List<Designation> list(String path, int year) {
		return jdbc.sql(SELECT + " where d.year = ? and d.node_path >= ? and d.node_path < ? order by d.node_path limit 2000")
			.params(year, path, path + "~").query(this::map).list();
	}

	private Optional<Designation> find(long id) {
		return jdbc.sql(SELECT + " where d.id = ?").param(id).query(this::map).optional();
	}

	private Optional<Designation> find(long compoundId, int year) {
		return jdbc.sql(SELECT + " where d.compound_id = ? and d.year = ?").params(compoundId, year).query(this::map).optional();
	}

	private static final String SELECT = """
			select d.id, d.compound_id, n.name, d.node_path, d.year, d.level, d.status, d.self_score, d.self_note,
			       d.computed_score, d.street_note, d.street_by, d.city_note, d.city_by, d.rejected_reason, d.notice_id,
			       d.final_notice_id, d.created_at
			  from rtg_designation d join org_node n on n.id = d.compound_id and n.city_id = d.city_id""";

	private Designation map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Designation(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5),
				rs.getString(6), rs.getString(7), rs.getBigDecimal(8), rs.getString(9), rs.getBigDecimal(10),
				rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
				(Long) rs.getObject(16), (Long) rs.getObject(17), rs.getTimestamp(18).toInstant());
	}

}
