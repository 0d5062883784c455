package org.xingfu.property;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
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
 * Evaluation of property service: a satisfaction survey per compound and period that residents open from a link
 * or QR code and answer once per household; inspection check-lists filled by community or street staff; the score
 * and stars per compound and per company for a period.
 */
@Service
@Transactional
public class Evaluations {

	/** Who opens surveys and inspects. */
	static final Set<Role> EVALUATORS = Set.of(Role.CITY_ADMIN, Role.STREET_ADMIN, Role.COMMUNITY_STAFF,
			Role.FIRST_SECRETARY);

	private static final SecureRandom RANDOM = new SecureRandom();

	public record Survey(long id, long compoundId, String nodePath, long companyId, String companyName, String period,
			String token, Instant closesAt, int answers) {
	}

	public record ChecklistItem(String code, String nameZh, String nameEn, int maxPoints) {
	}

	public record CompoundScore(long compoundId, String compoundName, long companyId, String companyName,
			String period, ServiceScore score) {
	}

	public record CompanyScore(long companyId, String companyName, String period, int compounds,
			java.math.BigDecimal average, int stars) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final PropertyCompanies companies;
	private final PropertySettings settings;
	private final ApplicationEventPublisher events;

	Evaluations(JdbcClient jdbc, OrganizationDirectory directory, PropertyCompanies companies,
			PropertySettings settings, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.companies = companies;
		this.settings = settings;
		this.events = events;
	}

	/** Opens the survey of a compound for a period, for the company serving it now; once per compound and period. */
	public Survey openSurvey(Actor actor, long compoundId, String period, LocalDate closesOn) {
		NodeRef compound = evaluable(actor, compoundId);
		checkPeriod(period);
		if (closesOn == null || !closesOn.isAfter(PropertyCompanies.today())) {
			throw new InvalidFieldException("closesOn", "property.error.closesOn");
		}
		PropertyCompanies.Contract contract = companies.currentContract(compoundId)
			.orElseThrow(() -> new ConflictException("property.error.noContract"));
		String token = HexFormat.of().formatHex(bytes());
		long id;
		try {
			id = jdbc.sql("""
					insert into prop_survey (city_id, compound_id, node_path, company_id, period, token, closes_at, created_by)
					values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
				.params(ScopeSql.cityOf(compound.path()), compoundId, compound.path(), contract.companyId(),
						period, token, Timestamp.from(closesOn.plusDays(1).atStartOfDay(PropertyCompanies.CHINA).toInstant()),
						actor.username())
				.query(Long.class).single();
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("property.error.surveyExists", period);
		}
		events.publishEvent(ActionRecorded.of(actor.username(), "PROPERTY_SURVEY_OPENED", "prop_survey", id,
				compound.path(), period));
		return survey(id).orElseThrow();
	}

	/** The survey a link or QR code opens, for a resident of its compound or staff of its scope. */
	@Transactional(readOnly = true)
	public Survey byToken(Actor actor, String token) {
		return jdbc.sql("select id from prop_survey where token = ?").param(token).query(Long.class).optional()
			.flatMap(this::survey).filter(s -> livesIn(actor, s.nodePath()) || actor.canRead(s.nodePath()))
			.orElseThrow(() -> new NotFoundException("survey", token));
	}

	@Transactional(readOnly = true)
	public List<Survey> surveys(Actor actor, long compoundId) {
		return jdbc.sql("select id from prop_survey where compound_id = ? order by period desc").param(compoundId)
			.query(Long.class).list().stream().map(id -> survey(id).orElseThrow())
			.filter(s -> actor.canRead(s.nodePath()) || livesIn(actor, s.nodePath())).toList();
	}

	/**
	 * A resident answers for their household: five items of 1–5 stars (环境卫生, 秩序维护, 设施设备, 绿化养护,
	 * 客户服务). A household answers once; a second answer from it is refused.
	 */
	public void answer(Actor actor, long surveyId, int[] scores, String comment) {
		Survey s = survey(surveyId).filter(x -> livesIn(actor, x.nodePath()))
			.orElseThrow(() -> new NotFoundException("survey", surveyId));
		if (Instant.now().isAfter(s.closesAt())) {
			throw new ConflictException("property.error.surveyClosed");
		}
		if (scores == null || scores.length != 5) {
			throw new InvalidFieldException("scores", "property.error.scores");
		}
		for (int score : scores) {
			if (score < 1 || score > 5) {
				throw new InvalidFieldException("scores", "property.error.scores");
			}
		}
		long household = actor.scopePaths(Set.of(Role.RESIDENT)).stream().filter(p -> p.startsWith(s.nodePath()))
			.map(p -> p.substring(0, p.length() - 1)).map(p -> Long.parseLong(p.substring(p.lastIndexOf('/') + 1)))
			.findFirst().orElseThrow();
		Integer[] boxed = new Integer[5];
		for (int i = 0; i < 5; i++) {
			boxed[i] = scores[i];
		}
		int inserted = jdbc.sql("""
				insert into prop_survey_answer (survey_id, household_id, person_id, scores, comment, city_id)
				select id, ?, ?, ?::smallint[], ?, city_id from prop_survey where id = ? on conflict do nothing""")
			.params(household, actor.personId(), "{" + String.join(",", java.util.Arrays.stream(boxed)
				.map(String::valueOf).toList()) + "}", comment == null || comment.isBlank() ? null : comment.strip(),
					surveyId)
			.update();
		if (inserted == 0) {
			throw new ConflictException("property.error.answered");
		}
	}

	/** Whether the reader's household has answered the survey. */
	@Transactional(readOnly = true)
	public boolean answered(Actor actor, long surveyId) {
		List<String> homes = actor.scopePaths(Set.of(Role.RESIDENT));
		if (homes.isEmpty()) {
			return false;
		}
		return jdbc.sql("""
				select count(*) from prop_survey_answer a join org_node n on n.id = a.household_id and n.city_id = a.city_id
				 where a.survey_id = :id and n.path in (:paths)""")
			.param("id", surveyId).param("paths", homes).query(Integer.class).single() > 0;
	}

	@Transactional(readOnly = true)
	public List<ChecklistItem> checklist() {
		return jdbc.sql("select code, name_zh, name_en, max_points from prop_checklist_item order by position")
			.query((rs, i) -> new ChecklistItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4))).list();
	}

	/** An inspection of a compound for a period: points for every item of the check-list, none above its maximum. */
	public long inspect(Actor actor, long compoundId, String period, Map<String, Integer> points, String note) {
		NodeRef compound = evaluable(actor, compoundId);
		checkPeriod(period);
		PropertyCompanies.Contract contract = companies.currentContract(compoundId)
			.orElseThrow(() -> new ConflictException("property.error.noContract"));
		List<ChecklistItem> items = checklist();
		if (points == null || points.size() != items.size()) {
			throw new InvalidFieldException("points", "property.error.points");
		}
		int sum = 0;
		int max = 0;
		for (ChecklistItem item : items) {
			Integer p = points.get(item.code());
			if (p == null || p < 0 || p > item.maxPoints()) {
				throw new InvalidFieldException("points", "property.error.points");
			}
			sum += p;
			max += item.maxPoints();
		}
		long id = jdbc.sql("""
				insert into prop_inspection (city_id, compound_id, node_path, company_id, period, points, max_points, note,
				  inspected_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
			.params(ScopeSql.cityOf(compound.path()), compoundId, compound.path(), contract.companyId(), period,
					sum, max, note == null || note.isBlank() ? null : note.strip(), actor.username())
			.query(Long.class).single();
		for (ChecklistItem item : items) {
			jdbc.sql("insert into prop_inspection_item (inspection_id, item_code, points, city_id) values (?, ?, ?, ?)")
				.params(id, item.code(), points.get(item.code()), ScopeSql.cityOf(compound.path())).update();
		}
		events.publishEvent(ActionRecorded.of(actor.username(), "PROPERTY_INSPECTED", "prop_inspection", id,
				compound.path(), period + " " + sum + "/" + max));
		return id;
	}

	/** Scores of the compounds under a node for a period, for every company and compound that has a survey or inspection. */
	@Transactional(readOnly = true)
	public List<CompoundScore> scores(Actor actor, long nodeId, String period) {
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		checkPeriod(period);
		List<Object[]> keys = jdbc.sql("""
				select compound_id, company_id from prop_survey where period = ? and node_path >= ? and node_path < ?
				union
				select compound_id, company_id from prop_inspection where period = ? and node_path >= ? and node_path < ?
				order by 1, 2""")
			.params(period, node.path(), node.path() + "\uffff", period, node.path(), node.path() + "\uffff")
			.query((rs, i) -> new Object[] { rs.getLong(1), rs.getLong(2) }).list();
		List<CompoundScore> result = new ArrayList<>();
		for (Object[] k : keys) {
			long compound = (Long) k[0];
			long company = (Long) k[1];
			List<int[]> answers = jdbc.sql("""
					select a.scores from prop_survey_answer a join prop_survey s on s.id = a.survey_id and s.city_id = a.city_id
					 where s.compound_id = ? and s.company_id = ? and s.period = ?""")
				.params(compound, company, period).query((rs, i) -> {
					Object[] values = (Object[]) rs.getArray(1).getArray();
					int[] scores = new int[values.length];
					for (int j = 0; j < values.length; j++) {
						scores[j] = ((Number) values[j]).intValue();
					}
					return scores;
				}).list();
			long[] inspection = jdbc.sql("""
					select coalesce(sum(points), 0), coalesce(sum(max_points), 0), count(*) from prop_inspection
					 where compound_id = ? and company_id = ? and period = ?""")
				.params(compound, company, period)
				.query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) }).single();
			ServiceScore score = ServiceScore.of(answers, inspection[0], inspection[1], (int) inspection[2],
					settings.surveyWeight(), settings.starThresholds());
			result.add(new CompoundScore(compound, directory.findNode(compound).map(NodeRef::name).orElse(""), company,
					directory.propertyCompany(company).map(OrganizationDirectory.PropertyCompanyRef::name).orElse(""),
					period, score));
		}
		return result;
	}

	/** The periods a compound has a survey or an inspection in, newest first. */
	@Transactional(readOnly = true)
	public List<String> periods(long compoundId) {
		return jdbc.sql("""
				select period from prop_survey where compound_id = ? union
				select period from prop_inspection where compound_id = ? order by 1 desc""")
			.params(compoundId, compoundId).query(String.class).list();
	}

	/** Each company's average over its compounds under the node, and the stars of that average. */
	@Transactional(readOnly = true)
	public List<CompanyScore> companyScores(Actor actor, long nodeId, String period) {
		Map<Long, List<CompoundScore>> byCompany = new LinkedHashMap<>();
		for (CompoundScore s : scores(actor, nodeId, period)) {
			if (s.score().total() != null) {
				byCompany.computeIfAbsent(s.companyId(), k -> new ArrayList<>()).add(s);
			}
		}
		List<CompanyScore> result = new ArrayList<>();
		for (Map.Entry<Long, List<CompoundScore>> e : byCompany.entrySet()) {
			java.math.BigDecimal sum = e.getValue().stream().map(s -> s.score().total())
				.reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
			java.math.BigDecimal average = sum.divide(java.math.BigDecimal.valueOf(e.getValue().size()), 1,
					java.math.RoundingMode.HALF_UP);
			int stars = (int) settings.starThresholds().stream()
				.filter(t -> average.compareTo(java.math.BigDecimal.valueOf(t)) >= 0).count();
			result.add(new CompanyScore(e.getKey(), e.getValue().getFirst().companyName(), period, e.getValue().size(),
					average, stars));
		}
		return result;
	}

	Optional<Survey> survey(long id) {
		return jdbc.sql("""
				select s.id, s.compound_id, s.node_path, s.company_id, c.name, s.period, s.token, s.closes_at,
				       (select count(*) from prop_survey_answer a where a.survey_id = s.id and a.city_id = s.city_id)
				  from prop_survey s join org_property_company c on c.id = s.company_id and c.city_id = s.city_id where s.id = ?""")
			.param(id)
			.query((rs, i) -> new Survey(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
					rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getInt(9)))
			.optional();
	}

	private NodeRef evaluable(Actor actor, long compoundId) {
		NodeRef compound = directory.findNode(compoundId).filter(n -> n.type() == NodeType.COMPOUND)
			.filter(n -> actor.canRead(n.path())).orElseThrow(() -> new NotFoundException("compound", compoundId));
		if (!actor.reaches(compound.path(), EVALUATORS)) {
			throw new ForbiddenException("property-evaluate");
		}
		return compound;
	}

	static void checkPeriod(String period) {
		if (period == null || !period.matches("\\d{4}-(Q[1-4]|H[12])")) {
			throw new InvalidFieldException("period", "property.error.period");
		}
	}

	static boolean livesIn(Actor actor, String path) {
		return actor.scopePaths(Set.of(Role.RESIDENT)).stream().anyMatch(p -> p.startsWith(path));
	}

	private static byte[] bytes() {
		byte[] b = new byte[12];
		RANDOM.nextBytes(b);
		return b;
	}
}
