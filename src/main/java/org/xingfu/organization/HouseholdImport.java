package org.xingfu.organization;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.Masking;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;

/**
 * Imports households and residents of one compound from the spreadsheet, all or nothing: when any row is invalid
 * the report lists every problem by row and column and nothing is stored. Exports the same layout.
 */
@Service
public class HouseholdImport {

	/** What an import did, or why it did nothing. */
	public record Result(int rows, int householdsCreated, int peopleAdded, List<HouseholdSheet.RowError> errors)
			implements java.io.Serializable {
		public boolean ok() {
			return errors.isEmpty();
		}
	}

	private final JdbcClient jdbc;
	private final OrganizationManagement management;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;

	HouseholdImport(JdbcClient jdbc, OrganizationManagement management, OrganizationDirectory directory,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.management = management;
		this.directory = directory;
		this.events = events;
	}

	public static void template(OutputStream out) throws IOException {
		HouseholdSheet.writeTemplate(out);
	}

	@Transactional
	public Result importInto(Actor actor, long compoundId, InputStream in) throws IOException {
		NodeRef compound = management.editableNode(actor, compoundId);
		if (compound.type() != NodeType.COMPOUND) {
			throw new NotFoundException("compound", compoundId);
		}
		HouseholdSheet.Parsed parsed = HouseholdSheet.read(in);
		if (!parsed.errors().isEmpty()) {
			return new Result(parsed.lines().size(), 0, 0, parsed.errors());
		}
		// second pass: rules that need the database (a new household needs its area)
		Map<String, Long> existing = existingHouseholds(compound);
		List<HouseholdSheet.RowError> errors = new ArrayList<>();
		Map<String, Boolean> seenNew = new HashMap<>();
		for (HouseholdSheet.Line line : parsed.lines()) {
			String key = key(line.building(), line.unit(), line.room());
			if (!existing.containsKey(key) && line.areaM2() == null && !seenNew.containsKey(key)) {
				errors.add(new HouseholdSheet.RowError(line.rowNumber(), HouseholdSheet.HEADERS.get(3),
						"import.error.areaRequired"));
			}
			seenNew.put(key, true);
		}
		if (!errors.isEmpty()) {
			return new Result(parsed.lines().size(), 0, 0, errors);
		}
		Map<String, Long> nodes = new HashMap<>();
		int created = 0;
		int people = 0;
		for (HouseholdSheet.Line line : parsed.lines()) {
			String key = key(line.building(), line.unit(), line.room());
			Long household = existing.get(key);
			if (household == null) {
				long building = nodes.computeIfAbsent("b:" + line.building(),
						k -> childOrCreate(compound.id(), NodeType.BUILDING, line.building()));
				long unit = nodes.computeIfAbsent("u:" + line.building() + "/" + line.unit(),
						k -> childOrCreate(building, NodeType.UNIT, line.unit()));
				household = management.createHousehold(actor, unit, line.room(), line.areaM2()).id();
				existing.put(key, household);
				created++;
			}
			else if (line.areaM2() != null) {
				jdbc.sql("update org_household set area_m2 = ?, version = version + 1, updated_at = now() where node_id = ? and area_m2 <> ?")
					.params(line.areaM2(), household, line.areaM2()).update();
				directory.forgetAreas();
			}
			if (line.name() != null) {
				management.addPerson(actor, household, line.name(), line.phone(), line.relation(), line.sharePct());
				people++;
			}
		}
		events.publishEvent(ActionRecorded.of(actor.username(), "HOUSEHOLDS_IMPORTED", "node", compound.id(),
				compound.path(), created + " households, " + people + " people"));
		return new Result(parsed.lines().size(), created, people, List.of());
	}

	/** Writes the households and people of a compound (or a building or unit of it), masked per viewer. */
	@Transactional
	public void export(Actor actor, long nodeId, OutputStream out) throws IOException {
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.filter(n -> n.type().ordinal() >= NodeType.COMPOUND.ordinal() && n.type() != NodeType.HOUSEHOLD)
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		boolean full = actor.seesPersonalDataAt(node.path());
		List<String[]> rows = new ArrayList<>();
		jdbc.sql("""
				select b.name, u.name, h.name, hh.area_m2, p.name, p.phone, r.relation, r.share_pct
				  from org_node h
				  join org_household hh on hh.node_id = h.id and hh.city_id = h.city_id
				  join org_node u on u.id = h.parent_id and u.city_id = h.city_id
				  join org_node b on b.id = u.parent_id and b.city_id = u.city_id
				  left join org_residency r on r.household_id = h.id and r.city_id = h.city_id
				  left join org_person p on p.id = r.person_id and p.city_id = r.city_id
				 where h.type = 'HOUSEHOLD' and h.path >= :lo and h.path < :hi
				 order by length(b.name), b.name, length(u.name), u.name, length(h.name), h.name, r.relation, p.id""")
			.param("lo", node.path())
			.param("hi", node.path() + "~")
			.query(rs -> {
				String name = rs.getString(5);
				String phone = rs.getString(6);
				String relation = rs.getString(7);
				BigDecimal share = rs.getBigDecimal(8);
				rows.add(new String[] { rs.getString(1), rs.getString(2), rs.getString(3),
						rs.getBigDecimal(4).toPlainString(), full || name == null ? name : Masking.name(name),
						full || phone == null ? phone : Masking.phone(phone),
						relation == null ? null
								: HouseholdSheet.RELATION_NAMES.get(OrganizationManagement.Relation.valueOf(relation)),
						share == null ? null : share.stripTrailingZeros().toPlainString() });
			});
		// exports of personal data are audited (domain.md section 14)
		events.publishEvent(ActionRecorded.of(actor.username(), "HOUSEHOLDS_EXPORTED", "node", node.id(), node.path(),
				rows.size() + " rows" + (full ? "" : ", masked")));
		HouseholdSheet.write(out, rows);
	}

	private Map<String, Long> existingHouseholds(NodeRef compound) {
		Map<String, Long> result = new HashMap<>();
		jdbc.sql("""
				select b.name, u.name, h.name, h.id from org_node h
				  join org_node u on u.id = h.parent_id and u.city_id = h.city_id join org_node b on b.id = u.parent_id and b.city_id = u.city_id
				 where h.type = 'HOUSEHOLD' and h.path >= :lo and h.path < :hi""")
			.param("lo", compound.path())
			.param("hi", compound.path() + "~")
			.query(rs -> {
				result.put(key(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getLong(4));
			});
		return result;
	}

	private long childOrCreate(long parentId, NodeType type, String name) {
		Long id = jdbc.sql("select id from org_node where parent_id = ? and name = ?").params(parentId, name)
			.query(Long.class).optional().orElse(null);
		if (id != null) {
			String actual = jdbc.sql("select type from org_node where id = ?").param(id).query(String.class).single();
			if (!actual.equals(type.name())) {
				throw new ConflictException("org.error.childType", actual, type.name());
			}
			return id;
		}
		return management.insertNode(parentId, type, name);
	}

	private static String key(String building, String unit, String room) {
		return building + "\u001f" + unit + "\u001f" + room;
	}

	/** Whether the actor may import into the node (used by pages to show the action). */
	public static boolean canImport(Actor actor, NodeRef node) {
		return node.type() == NodeType.COMPOUND && actor.reaches(node.path(), Role.ORG_EDITORS);
	}
}
