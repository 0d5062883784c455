package org.xingfu.campaign;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
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
import org.xingfu.shared.Masking;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Campaigns: the target population is fixed at creation from the household register (one row per person under the
 * target nodes, with their grid); check-ins are verified against it and stored once per person; staff set the other
 * statuses; progress and the missing list are read from the same rows.
 */
@Service
@Transactional
public class Campaigns {

	/** Who organises campaigns. */
	static final Set<Role> ORGANISERS = Set.of(Role.CITY_ADMIN, Role.STREET_ADMIN, Role.COMMUNITY_STAFF);
	/** Who works at sites and in the field: they check people in and record statuses. */
	static final Set<Role> WORKERS = Set.of(Role.CITY_ADMIN, Role.STREET_ADMIN, Role.COMMUNITY_STAFF,
			Role.FIRST_SECRETARY, Role.GRID_HEAD, Role.GRID_WORKER, Role.BUILDING_HEAD, Role.UNIT_HEAD, Role.SUNK_CADRE);

	public enum Kind {
		SCREENING, VACCINATION, CENSUS, HEATING_CHECK, EVACUATION, APP_REGISTRATION, OTHER
	}

	/** Whom a campaign counts: each person, or each household (a heating check visits flats, not people). */
	public enum Unit {
		PERSON, HOUSEHOLD
	}

	public enum Status {
		PENDING, DONE, ABSENT, REFUSED, EXEMPT
	}

	/** A check-in field: a number (with bounds), a yes/no answer, or a short text. */
	public record Field(String code, String label, String type, BigDecimal min, BigDecimal max, boolean required) {
	}

	public record Campaign(long id, String name, String kind, String unit, List<Field> fields, Instant startsAt,
			Instant endsAt, String createdBy, List<Long> nodeIds, List<String> nodePaths, int population) {

		boolean openAt(Instant now) {
			return !now.isBefore(startsAt) && now.isBefore(endsAt);
		}
	}

	public record Site(long id, long campaignId, String name, long nodeId) {
	}

	/**
	 * The answer to a scan: who showed their code (masked for the site's screen), the subject counted (the person,
	 * or their household), and whether this scan stored the check-in.
	 */
	public record CheckIn(long personId, long subjectId, String name, String address, boolean recorded,
			Instant recordedAt) implements java.io.Serializable {
	}

	/** Counts of a place: everyone targeted and each status. */
	public record Tally(long nodeId, String name, int total, int done, int absent, int refused, int exempt,
			int pending) {
	}

	public record Progress(Tally total, List<Tally> children) {
	}

	/** Who is still missing: a person (with name and phone as the reader may see them) or a household. */
	public record Missing(long subjectId, String name, String phone, String address, String status) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final PersonalCodes codes;
	private final ApplicationEventPublisher events;
	private final ObjectMapper json;
	private final com.github.benmanes.caffeine.cache.Cache<Long, Campaign> cache = com.github.benmanes.caffeine.cache.Caffeine
		.newBuilder().maximumSize(1_000).expireAfterWrite(java.time.Duration.ofMinutes(10)).build();

	Campaigns(JdbcClient jdbc, OrganizationDirectory directory, PersonalCodes codes, ApplicationEventPublisher events,
			ObjectMapper json) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.codes = codes;
		this.events = events;
		this.json = json;
	}

	public long create(Actor actor, String name, Kind kind, List<Long> nodeIds, Instant startsAt, Instant endsAt,
			List<Field> fields, Set<String> relations) {
		return create(actor, name, kind, Unit.PERSON, nodeIds, startsAt, endsAt, fields, relations);
	}

	public long create(Actor actor, String name, Kind kind, Unit unit, List<Long> nodeIds, Instant startsAt,
			Instant endsAt, List<Field> fields, Set<String> relations) {
		if (nodeIds == null || nodeIds.isEmpty()) {
			throw new InvalidFieldException("nodeIds", "campaign.error.nodes");
		}
		List<NodeRef> nodes = new ArrayList<>();
		for (long id : nodeIds.stream().distinct().toList()) {
			NodeRef n = directory.findNode(id).filter(x -> actor.canRead(x.path()))
				.orElseThrow(() -> new NotFoundException("node", id));
			if (!actor.reaches(n.path(), ORGANISERS)) {
				throw new ForbiddenException("campaign-create");
			}
			nodes.add(n);
		}
		if (!endsAt.isAfter(startsAt) || !endsAt.isAfter(Instant.now())) {
			throw new InvalidFieldException("endsAt", "campaign.error.window");
		}
		List<Field> f = fields == null ? List.of() : fields;
		Set<String> codesSeen = new java.util.HashSet<>();
		for (Field field : f) {
			if (field == null || field.code() == null || field.type() == null || field.label() == null
					|| field.label().isBlank() || field.label().length() > 30) {
				throw new InvalidFieldException("fields", "campaign.error.fields");
			}
			if (!field.code().matches("[a-z][a-z0-9_]{0,29}") || !codesSeen.add(field.code())
					|| !Set.of("NUMBER", "YES_NO", "TEXT").contains(field.type())) {
				throw new InvalidFieldException("fields", "campaign.error.fields");
			}
		}
		Set<String> rel = relations == null || relations.isEmpty() ? Set.of("OWNER", "RESIDENT", "TENANT") : relations;
		if (!Set.of("OWNER", "RESIDENT", "TENANT").containsAll(rel)) {
			throw new InvalidFieldException("relations", "campaign.error.relations");
		}
		long city = ScopeSql.cityOf(nodes.getFirst().path());
		long id = jdbc.sql("""
				insert into cmp_campaign (city_id, name, kind, unit, fields, starts_at, ends_at, relations, created_by)
				values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) returning id""")
			.params(city, name.strip(), kind.name(), unit.name(), json.writeValueAsString(f), Timestamp.from(startsAt),
					Timestamp.from(endsAt), String.join(",", rel), actor.username())
			.query(Long.class).single();
		for (NodeRef n : nodes) {
			jdbc.sql("insert into cmp_campaign_node (campaign_id, node_id, node_path, city_id) values (?, ?, ?, ?)")
				.params(id, n.id(), n.path(), city).update();
		}
		// the population, in one statement: everyone living under the target nodes (a person with two homes once,
		// at the first), or every household, with the grid of its building. A read of the register's tables, for
		// speed at city scale (bench/checkins.sh: 755,000 people in about 9 s).
		for (NodeRef n : nodes) {
			if (unit == Unit.PERSON) {
				jdbc.sql("""
						insert into cmp_target (campaign_id, subject_id, household_id, node_path, grid_id, city_id)
						select distinct on (r.person_id) ?, r.person_id, h.id, h.path, gb.grid_id, h.city_id
						  from org_residency r join org_node h on h.id = r.household_id and h.city_id = r.city_id
						  left join org_grid_building gb on gb.city_id = h.city_id
						   and gb.building_id = nullif(split_part(h.path, '/', 6), '')::bigint
						 where h.path >= ? and h.path < ? and r.relation = any (string_to_array(?, ','))
						 order by r.person_id, h.id
						on conflict (campaign_id, subject_id, city_id) do nothing""")
					.params(id, n.path(), n.path() + "\uffff", String.join(",", rel)).update();
			}
			else {
				jdbc.sql("""
						insert into cmp_target (campaign_id, subject_id, household_id, node_path, grid_id, city_id)
						select ?, h.id, h.id, h.path, gb.grid_id, h.city_id
						  from org_node h left join org_grid_building gb on gb.city_id = h.city_id
						   and gb.building_id = nullif(split_part(h.path, '/', 6), '')::bigint
						 where h.type = 'HOUSEHOLD' and h.path >= ? and h.path < ?
						on conflict (campaign_id, subject_id, city_id) do nothing""")
					.params(id, n.path(), n.path() + "\uffff").update();
			}
		}
		jdbc.sql("update cmp_campaign set population = (select count(*) from cmp_target where campaign_id = ?) where id = ?")
			.params(id, id).update();
		events.publishEvent(ActionRecorded.of(actor.username(), "CAMPAIGN_CREATED", "cmp_campaign", id,
				nodes.getFirst().path(), name));
		return id;
	}

	public long addSite(Actor actor, long campaignId, String name, long nodeId) {
		Campaign c = visible(actor, campaignId);
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		if (!actor.reaches(node.path(), ORGANISERS) && !actor.reaches(node.path(), WORKERS)) {
			throw new ForbiddenException("campaign-site");
		}
		return jdbc.sql("""
				insert into cmp_site (campaign_id, name, node_id, created_by, city_id) values (?, ?, ?, ?, ?) returning id""")
			.params(c.id(), name.strip(), nodeId, actor.username(), ScopeSql.cityOf(node.path()))
			.query(Long.class)
			.single();
	}

	/**
	 * A check-in at a site, by a personal code or (staff picking from the list) a person id: the person must be in
	 * the target and the campaign open; the values must fit the fields. The first scan stores; later scans answer
	 * with the stored one and store nothing.
	 */
	public CheckIn checkIn(Actor actor, long campaignId, long siteId, String code, Long personId,
			Map<String, Object> values) {
		Campaign c = visible(actor, campaignId);
		Site site = site(c.id(), siteId);
		if (!actor.hasAny(WORKERS)) {
			throw new ForbiddenException("campaign-checkin");
		}
		if (!c.openAt(Instant.now())) {
			throw new ConflictException("campaign.error.closed");
		}
		long person;
		if (code != null && !code.isBlank()) {
			person = codes.personOf(code).orElseThrow(() -> new InvalidFieldException("code", "campaign.error.code"));
		}
		else if (personId != null) {
			person = personId;
		}
		else {
			throw new InvalidFieldException("code", "campaign.error.code");
		}
		// the subject counted: the person, or in a household campaign the household they live in
		long subject = person;
		if (Unit.HOUSEHOLD.name().equals(c.unit())) {
			Optional<String> home = directory.registeredHome(person);
			if (home.isEmpty()) {
				throw new InvalidFieldException("code", "campaign.error.notTargeted");
			}
			String h = home.get().substring(0, home.get().length() - 1);
			subject = Long.parseLong(h.substring(h.lastIndexOf('/') + 1));
		}
		Optional<String> path = jdbc.sql("select node_path from cmp_target where campaign_id = ? and subject_id = ?")
			.params(c.id(), subject).query(String.class).optional();
		if (path.isEmpty()) {
			throw new InvalidFieldException("code", "campaign.error.notTargeted");
		}
		String valuesJson = json.writeValueAsString(checked(c.fields(), values));
		Timestamp now = Timestamp.from(Instant.now());
		// the subject's target row is the guard of "once": check-ins are partitioned by month (V51) and their key
		// cannot say it; of two scans at the same moment the second waits for this row and then finds it DONE
		int stored = jdbc.sql("""
				update cmp_target set status = 'DONE', recorded_by = ?, recorded_at = ?
				 where campaign_id = ? and subject_id = ? and status <> 'DONE'""")
			.params(actor.username(), now, c.id(), subject).update();
		Instant at;
		if (stored == 1) {
			jdbc.sql("""
					insert into cmp_checkin (campaign_id, subject_id, person_id, site_id, field_values, recorded_by,
					  recorded_at, city_id)
					values (?, ?, ?, ?, ?::jsonb, ?, ?, ?)""")
				.params(c.id(), subject, person, site.id(), valuesJson, actor.username(), now,
						ScopeSql.cityOf(path.get()))
				.update();
			at = now.toInstant();
		}
		else {
			at = jdbc.sql("select coalesce(recorded_at, now()) from cmp_target where campaign_id = ? and subject_id = ?")
				.params(c.id(), subject).query(Timestamp.class).single().toInstant();
		}
		String name = jdbc.sql("select name from org_person where id = ?").param(person).query(String.class).optional()
			.orElse("");
		return new CheckIn(person, subject, Masking.name(name), directory.address(path.get()), stored == 1, at);
	}

	/** Absent, refused or exempt (or back to pending) for a person or household, by staff of its place. */
	public void setStatus(Actor actor, long campaignId, long subjectId, Status status, String note) {
		Campaign c = visible(actor, campaignId);
		String path = jdbc.sql("""
				select node_path from cmp_target where campaign_id = ? and subject_id = ? and city_id = ? for update""")
			.params(c.id(), subjectId, actor.cityId()).query(String.class).optional()
			.orElseThrow(() -> new InvalidFieldException("personId", "campaign.error.notTargeted"));
		if (!actor.reaches(path, WORKERS)) {
			throw new ForbiddenException("campaign-status");
		}
		if (status == Status.DONE) {
			throw new InvalidFieldException("status", "campaign.error.doneByCheckin");
		}
		String current = jdbc.sql("select status from cmp_target where campaign_id = ? and subject_id = ?")
			.params(c.id(), subjectId).query(String.class).single();
		if ("DONE".equals(current)) {
			throw new ConflictException("campaign.error.alreadyDone");
		}
		// "and status <> 'DONE'": a check-in that came in since the read above stays
		jdbc.sql("""
				update cmp_target set status = ?, recorded_by = ?, recorded_at = now(), note = ?
				 where campaign_id = ? and subject_id = ? and status <> 'DONE'""")
			.params(status.name(), actor.username(), note == null || note.isBlank() ? null : note.strip(), c.id(), subjectId)
			.update();
	}

	/** Totals of a place of the campaign and of each of its children (buildings of a compound, units of a building). */
	@Transactional(readOnly = true)
	public Progress progress(Actor actor, long campaignId, long nodeId) {
		Campaign c = visible(actor, campaignId);
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path())
				|| actor.scopePaths(WORKERS).stream().anyMatch(p -> p.startsWith(n.path())))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		int depth = node.path().split("/").length; // '/1/5/' splits into '', '1', '5': the child is at index depth
		Map<Long, int[]> byChild = new LinkedHashMap<>();
		int[] total = new int[5];
		jdbc.sql("""
				select split_part(node_path, '/', ?) as child, status, count(*) from cmp_target
				 where campaign_id = ? and node_path >= ? and node_path < ? group by 1, 2""")
			.params(depth + 1, c.id(), node.path(), node.path() + "\uffff")
			.query(rs -> {
				int[] t = byChild.computeIfAbsent(Long.parseLong(rs.getString(1)), k -> new int[5]);
				int i = Status.valueOf(rs.getString(2)).ordinal();
				t[i] += rs.getInt(3);
				total[i] += rs.getInt(3);
			});
		List<Tally> children = new ArrayList<>();
		Map<Long, String> names = new LinkedHashMap<>();
		if (!byChild.isEmpty()) {
			jdbc.sql("select id, name from org_node where id in (:ids) order by path").param("ids", byChild.keySet())
				.query(rs -> {
					names.put(rs.getLong(1), rs.getString(2));
				});
		}
		names.forEach((id, name) -> children.add(tally(id, name, byChild.get(id))));
		return new Progress(tally(node.id(), node.name(), total), children);
	}

	/** A grid's missing list was shown or exported: who and how many, in the audit log (issue 24). */
	public void missingListed(Actor actor, long campaignId, long gridId, int people, String how) {
		if (people > 0) {
			events.publishEvent(ActionRecorded.of(actor.username(), "PERSONAL_DATA_LISTED", "cmp_campaign", campaignId,
					"/" + actor.cityId() + "/", how + ", grid " + gridId + ", " + people + " people"));
		}
	}

	/** Who is still pending (or absent) in a grid, for its workers: names and phones as their role may see them. */
	@Transactional(readOnly = true)
	public List<Missing> missing(Actor actor, long campaignId, long gridId) {
		Campaign c = visible(actor, campaignId);
		boolean households = Unit.HOUSEHOLD.name().equals(c.unit());
		List<Object[]> rows = jdbc.sql("""
				select t.subject_id, p.name, p.phone, t.node_path, t.status
				  from cmp_target t left join org_person p on p.id = t.subject_id and p.city_id = t.city_id and not ?
				 where t.campaign_id = ? and t.grid_id = ? and t.status in ('PENDING', 'ABSENT') order by t.node_path, t.subject_id
				 limit 2000""")
			.params(households, c.id(), gridId)
			.query((rs, i) -> new Object[] { rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5) })
			.list().stream().filter(r -> actor.canRead((String) r[3])).toList();
		Map<String, String> addresses = directory.addresses(rows.stream().map(r -> (String) r[3]).toList());
		return rows.stream().map(r -> {
			boolean full = actor.seesPersonalDataAt((String) r[3]);
			String name = (String) r[1];
			String phone = (String) r[2];
			return new Missing((Long) r[0], name == null ? null : full ? name : Masking.name(name),
					phone == null ? null : full ? phone : Masking.phone(phone), addresses.get((String) r[3]), (String) r[4]);
		}).toList();
	}

	/** A campaign the reader may see: organisers and workers whose scope meets one of its target nodes. */
	@Transactional(readOnly = true)
	public Campaign visible(Actor actor, long id) {
		return find(id).filter(c -> meets(actor, c)).orElseThrow(() -> new NotFoundException("campaign", id));
	}

	@Transactional(readOnly = true)
	public List<Campaign> list(Actor actor) {
		List<Campaign> result = new ArrayList<>();
		for (long id : jdbc.sql("select id from cmp_campaign order by starts_at desc limit 200").query(Long.class).list()) {
			find(id).filter(c -> meets(actor, c)).ifPresent(result::add);
		}
		return result;
	}

	@Transactional(readOnly = true)
	public List<Site> sites(long campaignId) {
		return jdbc.sql("select id, campaign_id, name, node_id from cmp_site where campaign_id = ? order by id").param(campaignId)
			.query((rs, i) -> new Site(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4))).list();
	}

	/** The grids of the campaign's target, for the missing lists. */
	@Transactional(readOnly = true)
	public List<Long> grids(long campaignId) {
		return jdbc.sql("select distinct grid_id from cmp_target where campaign_id = ? and grid_id is not null order by 1")
			.param(campaignId).query(Long.class).list();
	}

	Site site(long campaignId, long siteId) {
		return sites(campaignId).stream().filter(s -> s.id() == siteId).findFirst()
			.orElseThrow(() -> new InvalidFieldException("siteId", "campaign.error.site"));
	}

	private static boolean meets(Actor actor, Campaign c) {
		List<String> scope = actor.scopePaths(WORKERS);
		return c.nodePaths().stream().anyMatch(p -> actor.canRead(p) || scope.stream().anyMatch(s -> s.startsWith(p)));
	}

	private Map<String, Object> checked(List<Field> fields, Map<String, Object> values) {
		Map<String, Object> v = values == null ? Map.of() : values;
		Map<String, Object> out = new LinkedHashMap<>();
		for (String k : v.keySet()) {
			if (fields.stream().noneMatch(f -> f.code().equals(k))) {
				throw new InvalidFieldException("values", "campaign.error.value", k);
			}
		}
		for (Field f : fields) {
			Object raw = v.get(f.code());
			if (raw == null || raw.toString().isBlank()) {
				if (f.required()) {
					throw new InvalidFieldException("values", "campaign.error.required", f.label());
				}
				continue;
			}
			switch (f.type()) {
				case "NUMBER" -> {
					BigDecimal n;
					try {
						n = new BigDecimal(raw.toString().strip());
					}
					catch (NumberFormatException ex) {
						throw new InvalidFieldException("values", "campaign.error.number", f.label());
					}
					if ((f.min() != null && n.compareTo(f.min()) < 0) || (f.max() != null && n.compareTo(f.max()) > 0)) {
						throw new InvalidFieldException("values", "campaign.error.range", f.label(), f.min(), f.max());
					}
					out.put(f.code(), n);
				}
				case "YES_NO" -> {
					String s = raw.toString().strip().toLowerCase();
					if (!Set.of("true", "false", "yes", "no", "是", "否").contains(s)) {
						throw new InvalidFieldException("values", "campaign.error.yesNo", f.label());
					}
					out.put(f.code(), Set.of("true", "yes", "是").contains(s));
				}
				default -> {
					String s = raw.toString().strip();
					if (s.length() > 200) {
						throw new InvalidFieldException("values", "campaign.error.text", f.label());
					}
					out.put(f.code(), s);
				}
			}
		}
		return out;
	}

	private Optional<Campaign> find(long id) {
		// a campaign does not change once created: scanners at many sites read it from memory
		Campaign cached = cache.getIfPresent(id);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<Campaign> found = load(id);
		found.ifPresent(c -> cache.put(id, c));
		return found;
	}

	private Optional<Campaign> load(long id) {
		return jdbc.sql("select id, name, kind, fields::text, starts_at, ends_at, created_by, population, unit from cmp_campaign where id = ?")
			.param(id)
			.query((rs, i) -> {
				List<Field> fields = new ArrayList<>();
				JsonNode arr = json.readTree(rs.getString(4));
				for (JsonNode f : arr) {
					fields.add(new Field(f.get("code").asString(), f.get("label").asString(), f.get("type").asString(),
							f.hasNonNull("min") ? f.get("min").decimalValue() : null,
							f.hasNonNull("max") ? f.get("max").decimalValue() : null,
							f.hasNonNull("required") && f.get("required").asBoolean()));
				}
				return new Object[] { rs.getLong(1), rs.getString(2), rs.getString(3), fields,
						rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getInt(8),
						rs.getString(9) };
			})
			.optional()
			.map(r -> {
				List<Long> nodeIds = new ArrayList<>();
				List<String> paths = new ArrayList<>();
				jdbc.sql("select node_id, node_path from cmp_campaign_node where campaign_id = ? order by node_path").param(id)
					.query(rs -> {
						nodeIds.add(rs.getLong(1));
						paths.add(rs.getString(2));
					});
				int population = (Integer) r[7];
				@SuppressWarnings("unchecked")
				List<Field> fields = (List<Field>) r[3];
				return new Campaign((Long) r[0], (String) r[1], (String) r[2], (String) r[8], fields, (Instant) r[4],
						(Instant) r[5], (String) r[6], nodeIds, paths, population);
			});
	}

	private static Tally tally(long id, String name, int[] t) {
		int total = t[0] + t[1] + t[2] + t[3] + t[4];
		return new Tally(id, name, total, t[Status.DONE.ordinal()], t[Status.ABSENT.ordinal()],
				t[Status.REFUSED.ordinal()], t[Status.EXEMPT.ordinal()], t[Status.PENDING.ordinal()]);
	}

	/**
	 * The demo's campaign: a flu vaccination for 财政小区 running for a month from the first start, recording the
	 * temperature, with a site at the compound. Run once by the demo loader.
	 */
	public long openDemoCampaign(NodeRef c, String by) {
		List<Field> fields = List.of(new Field("temperature", "体温", "NUMBER", new BigDecimal("35"), new BigDecimal("42"), true));
		Instant now = Instant.now();
		long id = jdbc.sql("""
				insert into cmp_campaign (city_id, name, kind, unit, fields, starts_at, ends_at, created_by)
				values (?, '财政小区冬季流感疫苗接种', 'VACCINATION', 'PERSON', ?::jsonb, ?, ?, ?) returning id""")
			.params(ScopeSql.cityOf(c.path()), json.writeValueAsString(fields),
					Timestamp.from(now), Timestamp.from(now.plus(java.time.Duration.ofDays(30))), by)
			.query(Long.class).single();
		jdbc.sql("insert into cmp_campaign_node (campaign_id, node_id, node_path, city_id) values (?, ?, ?, ?)")
			.params(id, c.id(), c.path(), ScopeSql.cityOf(c.path())).update();
		jdbc.sql("""
				insert into cmp_target (campaign_id, subject_id, household_id, node_path, grid_id, city_id)
				select distinct on (r.person_id) ?, r.person_id, h.id, h.path, gb.grid_id, h.city_id
				  from org_residency r join org_node h on h.id = r.household_id and h.city_id = r.city_id
				  left join org_grid_building gb on gb.city_id = h.city_id
						   and gb.building_id = nullif(split_part(h.path, '/', 6), '')::bigint
				 where h.path >= ? and h.path < ? order by r.person_id, h.id""")
			.params(id, c.path(), c.path() + "\uffff").update();
		jdbc.sql("update cmp_campaign set population = (select count(*) from cmp_target where campaign_id = ?) where id = ?")
			.params(id, id).update();
		jdbc.sql("""
				insert into cmp_site (campaign_id, name, node_id, created_by, city_id)
				values (?, '财政小区党群服务站', ?, ?, ?)""").params(id, c.id(), by, ScopeSql.cityOf(c.path())).update();
		return id;
	}
}
