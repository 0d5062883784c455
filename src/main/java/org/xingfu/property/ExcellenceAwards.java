package org.xingfu.property;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
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
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/**
 * 物业服务优秀(示范)项目评选: communities and streets nominate compounds served by a company; street or city reviewers
 * score each nomination; the best are proposed and the list goes up as a public notice for its publicity period;
 * once that period is over and every objection has an answer, the list is final and published again.
 */
@Service
@Transactional
public class ExcellenceAwards {

	static final Set<Role> ORGANISERS = Set.of(Role.CITY_ADMIN, Role.STREET_ADMIN);
	static final Set<Role> NOMINATORS = Set.of(Role.CITY_ADMIN, Role.STREET_ADMIN, Role.COMMUNITY_STAFF);

	public record Award(long id, long nodeId, String nodePath, int year, String title, String status, Long noticeId,
			Long finalNoticeId) {
	}

	public record Nomination(long id, long compoundId, String compoundName, long companyId, String companyName,
			String reason, String nominatedBy, int reviews, BigDecimal averageScore, boolean proposed) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final PropertyCompanies companies;
	private final Notices notices;
	private final PropertySettings settings;
	private final ApplicationEventPublisher events;

	ExcellenceAwards(JdbcClient jdbc, OrganizationDirectory directory, PropertyCompanies companies, Notices notices,
			PropertySettings settings, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.companies = companies;
		this.notices = notices;
		this.settings = settings;
		this.events = events;
	}

	public long create(Actor actor, long nodeId, int year, String title) {
		NodeRef node = directory.findNode(nodeId)
			.filter(n -> n.type() == NodeType.CITY || n.type() == NodeType.STREET).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		if (!actor.reaches(node.path(), ORGANISERS)) {
			throw new ForbiddenException("award-create");
		}
		if (year < 2000 || year > 2100) {
			throw new InvalidFieldException("year", "property.error.year");
		}
		long id = jdbc.sql("""
				insert into prop_award (city_id, node_id, node_path, year, title, status, created_by)
				values (?, ?, ?, ?, ?, 'NOMINATING', ?) returning id""")
			.params(ScopeSql.cityOf(node.path()), nodeId, node.path(), year, title.strip(), actor.username())
			.query(Long.class).single();
		audit(actor, "AWARD_CREATED", id, node.path(), title);
		return id;
	}

	public long nominate(Actor actor, long awardId, long compoundId, String reason) {
		Award award = locked(actor, awardId);
		requireStatus(award, "NOMINATING");
		NodeRef compound = directory.findNode(compoundId).filter(n -> n.type() == NodeType.COMPOUND)
			.filter(n -> actor.canRead(n.path())).filter(n -> n.path().startsWith(award.nodePath()))
			.orElseThrow(() -> new InvalidFieldException("compoundId", "property.error.compound"));
		if (!actor.reaches(compound.path(), NOMINATORS)) {
			throw new ForbiddenException("award-nominate");
		}
		PropertyCompanies.Contract contract = companies.currentContract(compoundId)
			.orElseThrow(() -> new ConflictException("property.error.noContract"));
		try {
			long id = jdbc.sql("""
					insert into prop_nomination (award_id, compound_id, company_id, reason, nominated_by, city_id)
					values (?, ?, ?, ?, ?, ?) returning id""")
				.params(awardId, compoundId, contract.companyId(), reason.strip(), actor.username(),
						ScopeSql.cityOf(compound.path()))
				.query(Long.class).single();
			audit(actor, "AWARD_NOMINATED", awardId, compound.path(), String.valueOf(id));
			return id;
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("property.error.nominated");
		}
	}

	/** A reviewer's score of a nomination, 0–100; a second score from the same reviewer replaces the first. */
	public void review(Actor actor, long awardId, long nominationId, int score, String comment) {
		Award award = locked(actor, awardId);
		if (!actor.reaches(award.nodePath(), ORGANISERS)) {
			throw new ForbiddenException("award-review");
		}
		requireStatus(award, "NOMINATING");
		if (score < 0 || score > 100) {
			throw new InvalidFieldException("score", "property.error.reviewScore");
		}
		boolean known = jdbc.sql("select count(*) from prop_nomination where id = ? and award_id = ?")
			.params(nominationId, awardId).query(Integer.class).single() == 1;
		if (!known) {
			throw new NotFoundException("nomination", nominationId);
		}
		jdbc.sql("""
				insert into prop_nomination_review (nomination_id, reviewer, score, comment, city_id)
				select id, ?, ?, ?, city_id from prop_nomination where id = ?
				on conflict (nomination_id, reviewer, city_id) do update set score = excluded.score, comment = excluded.comment""")
			.params(actor.username(), score, comment == null || comment.isBlank() ? null : comment.strip(), nominationId)
			.update();
	}

	/** The best {@code count} reviewed nominations become the proposed list, posted for its publicity period. */
	public Award propose(Actor actor, long awardId, int count) {
		Award award = locked(actor, awardId);
		if (!actor.reaches(award.nodePath(), ORGANISERS)) {
			throw new ForbiddenException("award-propose");
		}
		requireStatus(award, "NOMINATING");
		List<Nomination> ranked = nominations(awardId).stream().filter(n -> n.reviews() > 0).toList();
		if (ranked.isEmpty()) {
			throw new ConflictException("property.error.noReviews");
		}
		if (count < 1) {
			throw new InvalidFieldException("count", "property.error.count");
		}
		List<Nomination> proposed = ranked.subList(0, Math.min(count, ranked.size()));
		for (Nomination n : proposed) {
			jdbc.sql("update prop_nomination set proposed = true where id = ?").param(n.id()).update();
		}
		long notice = notices.post("property-award:" + awardId, actor.username(), award.nodeId(), NoticeScope.PUBLIC,
				NoticeType.RATING, award.year() + "年" + award.title() + "拟表彰名单公示", listBody(proposed, true),
				Duration.ofDays(settings.awardPublicityDays()));
		jdbc.sql("update prop_award set status = 'PUBLICITY', notice_id = ? where id = ?").params(notice, awardId).update();
		audit(actor, "AWARD_PROPOSED", awardId, award.nodePath(), proposed.size() + " proposed");
		return find(awardId).orElseThrow();
	}

	/** The final list, once the publicity period has run and every objection has an answer. */
	public Award finalise(Actor actor, long awardId) {
		Award award = locked(actor, awardId);
		if (!actor.reaches(award.nodePath(), ORGANISERS)) {
			throw new ForbiddenException("award-finalise");
		}
		requireStatus(award, "PUBLICITY");
		Notices.PublicityState state = notices.publicity(award.noticeId());
		if (Instant.now().isBefore(state.endsAt())) {
			throw new ConflictException("property.error.publicityRunning",
					java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
						.format(state.endsAt().atZone(PropertyCompanies.CHINA)));
		}
		if (state.unanswered() > 0) {
			throw new ConflictException("property.error.unanswered", state.unanswered());
		}
		List<Nomination> list = nominations(awardId).stream().filter(Nomination::proposed).toList();
		long notice = notices.post("property-award-final:" + awardId, actor.username(), award.nodeId(),
				NoticeScope.PUBLIC, NoticeType.RATING, award.year() + "年" + award.title() + "表彰名单",
				listBody(list, false), Duration.ofDays(settings.awardPublicityDays()));
		jdbc.sql("update prop_award set status = 'FINAL', final_notice_id = ? where id = ?").params(notice, awardId)
			.update();
		audit(actor, "AWARD_FINALISED", awardId, award.nodePath(), list.size() + " awarded");
		return find(awardId).orElseThrow();
	}

	@Transactional(readOnly = true)
	public Award visible(Actor actor, long awardId) {
		return find(awardId).filter(a -> actor.canRead(a.nodePath()) || a.nodePath().startsWith(anyScope(actor)))
			.orElseThrow(() -> new NotFoundException("award", awardId));
	}

	@Transactional(readOnly = true)
	public List<Award> list(Actor actor) {
		return jdbc.sql("select * from prop_award order by year desc, id desc limit 200").query(this::award).list()
			.stream().filter(a -> actor.canRead(a.nodePath()) || a.nodePath().startsWith(anyScope(actor))).toList();
	}

	/** Nominations ranked by average review score, then by how many reviewed them. */
	@Transactional(readOnly = true)
	public List<Nomination> nominations(long awardId) {
		return jdbc.sql("""
				select n.id, n.compound_id, cn.name, n.company_id, pc.name, n.reason, n.nominated_by,
				       count(r.score), coalesce(avg(r.score), 0), n.proposed
				  from prop_nomination n join org_node cn on cn.id = n.compound_id and cn.city_id = n.city_id
				  join org_property_company pc on pc.id = n.company_id and pc.city_id = n.city_id
				  left join prop_nomination_review r on r.nomination_id = n.id and r.city_id = n.city_id
				 where n.award_id = ? group by n.id, n.city_id, cn.name, pc.name
				 order by coalesce(avg(r.score), 0) desc, count(r.score) desc, n.id""")
			.param(awardId)
			.query((rs, i) -> new Nomination(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
					rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
					rs.getBigDecimal(9).setScale(1, RoundingMode.HALF_UP), rs.getBoolean(10)))
			.list();
	}

	private String listBody(List<Nomination> list, boolean proposed) {
		StringBuilder b = new StringBuilder(proposed
				? "经社区推荐、评审打分，拟表彰以下物业服务项目。对名单有异议的，请在公示期内在线提出，评选组织方将逐条答复。\n\n"
				: "公示期满，异议均已答复，现公布最终表彰名单。\n\n");
		int rank = 1;
		for (Nomination n : list) {
			b.append(rank++).append(". ").append(n.compoundName()).append("（").append(n.companyName()).append("）")
				.append(" 评审均分 ").append(n.averageScore().toPlainString()).append('\n');
		}
		return b.toString();
	}

	/** Residents and other readers below the award's node may read it (a street's award is public anyway). */
	private static String anyScope(Actor actor) {
		return actor.scopePaths().stream().findFirst().map(p -> p.substring(0, p.indexOf('/', 1) + 1)).orElse("\u0000");
	}

	private Award locked(Actor actor, long awardId) {
		return jdbc.sql("select * from prop_award where id = ? and city_id = ? for update")
			.params(awardId, actor.cityId()).query(this::award).optional()
			.filter(a -> actor.canRead(a.nodePath()) || a.nodePath().startsWith(anyScope(actor)))
			.orElseThrow(() -> new NotFoundException("award", awardId));
	}

	private Optional<Award> find(long id) {
		return jdbc.sql("select * from prop_award where id = ?").param(id).query(this::award).optional();
	}

	private Award award(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Award(rs.getLong("id"), rs.getLong("node_id"), rs.getString("node_path"), rs.getInt("year"),
				rs.getString("title"), rs.getString("status"), (Long) rs.getObject("notice_id"),
				(Long) rs.getObject("final_notice_id"));
	}

	private static void requireStatus(Award award, String status) {
		if (!status.equals(award.status())) {
			throw new ConflictException("property.error.awardStatus");
		}
	}

	private void audit(Actor actor, String action, long id, String path, String detail) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, "prop_award", id, path, detail));
	}
}
