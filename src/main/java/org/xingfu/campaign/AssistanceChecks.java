package org.xingfu.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
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
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/**
 * 区域协查: a list of people from another city or department (姓名, 身份证号, 联系电话, 地址), imported from a
 * spreadsheet and routed by address to the household and its grid; the grid's workers answer each line found, not
 * found or moved before the deadline; lines still open after it are escalated to the community, once.
 */
@Service
@Transactional
public class AssistanceChecks {

	static final List<String> HEADERS = List.of("姓名", "身份证号", "联系电话", "地址");
	static final int MAX_ROWS = 5_000;

	/** The roles that answer a line routed to their grid or escalated to their community. */
	static final Set<Role> ANSWERERS = Set.of(Role.GRID_HEAD, Role.GRID_WORKER, Role.COMMUNITY_STAFF);
	/** 财政小区1号楼1单元101, with or without spaces. */
	static final Pattern ADDRESS = Pattern.compile("^\\s*(\\S+?小区)\\s*(\\d+号楼)\\s*(\\d+单元)\\s*(\\d+)室?\\s*$");

	public enum Answer {
		FOUND, NOT_FOUND, MOVED
	}

	public record Check(long id, long nodeId, String nodePath, String name, Instant deadline, String createdBy,
			int items, int routed, int answered) {
	}

	public record Item(long id, int rowNumber, String name, String idNumber, String phone, String address,
			Long householdId, Long gridId, String status, String answerNote, String answeredBy, Instant answeredAt,
			boolean escalated) {
	}

	/** The import's result: lines routed to a grid, lines whose address matched nothing, rows refused. */
	public record Imported(long checkId, int routed, int unrouted, List<String> rejected) implements java.io.Serializable {
	}

	/** Open lines past the deadline, sent after the commit to the community's staff. */
	public record Escalated(long checkId, String name, List<String> communityPaths, int lines) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;
	private final org.xingfu.shared.PersonalDataCipher cipher;

	AssistanceChecks(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events,
			org.xingfu.shared.PersonalDataCipher cipher) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
		this.cipher = cipher;
	}

	public Imported importList(Actor actor, long nodeId, String name, Instant deadline, InputStream sheet)
			throws IOException {
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		if (!actor.reaches(node.path(), Campaigns.ORGANISERS)) {
			throw new ForbiddenException("assistance-import");
		}
		if (deadline == null || !deadline.isAfter(Instant.now())) {
			throw new InvalidFieldException("deadline", "campaign.error.deadline");
		}
		List<String[]> rows = new ArrayList<>();
		List<String> rejected = new ArrayList<>();
		try (ReadableWorkbook workbook = new ReadableWorkbook(sheet)) {
			List<Row> all;
			try (var stream = workbook.getFirstSheet().openStream()) {
				all = stream.limit(MAX_ROWS + 2L).toList();
			}
			if (all.isEmpty() || !HEADERS.equals(List.of(text(all.getFirst(), 0), text(all.getFirst(), 1),
					text(all.getFirst(), 2), text(all.getFirst(), 3)))) {
				throw new InvalidFieldException("file", "campaign.error.sheetHeader", String.join("、", HEADERS));
			}
			if (all.size() > MAX_ROWS + 1) {
				throw new InvalidFieldException("file", "campaign.error.sheetTooLong", MAX_ROWS);
			}
			for (Row row : all.subList(1, all.size())) {
				String person = text(row, 0);
				String id = text(row, 1).toUpperCase();
				String phone = text(row, 2);
				String address = text(row, 3);
				if (person.isEmpty() && address.isEmpty()) {
					continue;
				}
				if (person.isEmpty() || person.length() > 50 || address.isEmpty() || address.length() > 200
						|| (!id.isEmpty() && !id.matches("\\d{17}[\\dX]")) || (!phone.isEmpty() && !phone.matches("1\\d{10}"))) {
					rejected.add(String.valueOf(row.getRowNum()));
					continue;
				}
				rows.add(new String[] { String.valueOf(row.getRowNum()), person, id.isEmpty() ? null : id,
						phone.isEmpty() ? null : phone, address });
			}
		}
		catch (InvalidFieldException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw new InvalidFieldException("file", "campaign.error.sheetUnreadable");
		}
		if (rows.isEmpty()) {
			throw new InvalidFieldException("file", "campaign.error.sheetEmpty");
		}
		long checkId = jdbc.sql("""
				insert into cmp_assist_check (city_id, node_id, node_path, name, deadline, created_by)
				values (?, ?, ?, ?, ?, ?) returning id""")
			.params(ScopeSql.cityOf(node.path()), nodeId, node.path(),
					name.strip(), Timestamp.from(deadline), actor.username())
			.query(Long.class).single();
		int routed = 0;
		for (String[] r : rows) {
			Optional<NodeRef> household = Optional.empty();
			Matcher m = ADDRESS.matcher(r[4]);
			if (m.matches()) {
				household = directory.householdAt(node.path(), m.group(1), m.group(2), m.group(3), m.group(4));
			}
			Long grid = household.flatMap(h -> directory.gridOf(h.path())).orElse(null);
			jdbc.sql("""
					insert into cmp_assist_item (check_id, row_number, name, id_number, phone, address, household_id,
					  node_path, grid_id, status, city_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(checkId, Integer.parseInt(r[0]), r[1], cipher.seal(r[2] == null || r[2].isBlank() ? null : r[2]), r[3], r[4],
						household.map(NodeRef::id).orElse(null),
						household.map(NodeRef::path).orElse(null), grid, household.isPresent() ? "PENDING" : "UNROUTED",
						ScopeSql.cityOf(node.path()))
				.update();
			routed += household.isPresent() ? 1 : 0;
		}
		events.publishEvent(ActionRecorded.of(actor.username(), "ASSISTANCE_CHECK_IMPORTED", "cmp_assist_check", checkId,
				node.path(), rows.size() + " lines, " + routed + " routed"));
		return new Imported(checkId, routed, rows.size() - routed, rejected);
	}

	/** The grid's worker answers a line of their grid (found, not found, moved); the answer stands. */
	public Item answer(Actor actor, long checkId, long itemId, Answer answer, String note) {
		Item item = jdbc.sql("select * from cmp_assist_item where id = ? and check_id = ? and city_id = ? for update")
			.params(itemId, checkId, actor.cityId()).query(this::item).optional()
			.orElseThrow(() -> new NotFoundException("line", itemId));
		String path = jdbc.sql("select node_path from cmp_assist_item where id = ?").param(itemId).query(String.class)
			.optional().orElse(null);
		if (path == null || !actor.canRead(path)) {
			throw new NotFoundException("line", itemId);
		}
		if (!actor.reaches(path, ANSWERERS)) {
			throw new ForbiddenException("assistance-answer");
		}
		if (!"PENDING".equals(item.status())) {
			throw new ConflictException("campaign.error.answered");
		}
		jdbc.sql("""
				update cmp_assist_item set status = ?, answer_note = ?, answered_by = ?, answered_at = now() where id = ?""")
			.params(answer.name(), note == null || note.isBlank() ? null : note.strip(), actor.username(), itemId).update();
		return jdbc.sql("select * from cmp_assist_item where id = ?").param(itemId).query(this::item).single();
	}

	/**
	 * Lines still open after the deadline are escalated, once each, to the staff of their communities. Safe to run
	 * again and on several nodes.
	 */
	public int escalateOverdue(Instant now) {
		// claimed city by city: Citus locks rows only in a statement it routes to one node (ADR 0016)
		List<Object[]> due = new ArrayList<>();
		for (NodeRef city : directory.cities()) {
			due.addAll(jdbc.sql("""
					select i.id, i.check_id, i.node_path, c.name from cmp_assist_item i join cmp_assist_check c on c.id = i.check_id and c.city_id = i.city_id
					 where i.city_id = ? and i.status = 'PENDING' and i.escalated_at is null and c.deadline < ?
					 order by i.id for update of i skip locked""")
				.params(city.id(), Timestamp.from(now))
				.query((rs, i) -> new Object[] { rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4) })
				.list());
		}
		java.util.Map<Long, List<Object[]>> byCheck = new java.util.LinkedHashMap<>();
		for (Object[] r : due) {
			jdbc.sql("update cmp_assist_item set escalated_at = ? where id = ?").params(Timestamp.from(now), r[0]).update();
			byCheck.computeIfAbsent((Long) r[1], k -> new ArrayList<>()).add(r);
		}
		byCheck.forEach((check, lines) -> {
			List<String> communities = lines.stream().map(r -> communityOf((String) r[2])).distinct().toList();
			events.publishEvent(new Escalated(check, (String) lines.getFirst()[3], communities, lines.size()));
		});
		return due.size();
	}

	@Transactional(readOnly = true)
	public Check visible(Actor actor, long id) {
		return find(id).filter(c -> actor.canRead(c.nodePath()) || hasLinesFor(actor, id))
			.orElseThrow(() -> new NotFoundException("assistance check", id));
	}

	@Transactional(readOnly = true)
	public List<Check> list(Actor actor) {
		List<Check> result = new ArrayList<>();
		for (long id : jdbc.sql("select id from cmp_assist_check order by created_at desc limit 100").query(Long.class).list()) {
			find(id).filter(c -> actor.canRead(c.nodePath()) || hasLinesFor(actor, id)).ifPresent(result::add);
		}
		return result;
	}

	/**
	 * The lines the reader may see: the organisers see all (ID numbers and phones masked unless their role needs
	 * them in full); a grid's workers see the lines routed to their grid.
	 */
	@Transactional(readOnly = true)
	public List<Item> items(Actor actor, long checkId) {
		Check c = visible(actor, checkId);
		boolean organiser = actor.canRead(c.nodePath());
		return jdbc.sql("select * from cmp_assist_item where check_id = ? order by status = 'PENDING' desc, row_number")
			.param(checkId).query(this::item).list().stream()
			.filter(i -> organiser || i.householdId() != null && lineVisible(actor, i.id()))
			.map(i -> {
				String path = jdbc.sql("select node_path from cmp_assist_item where id = ?").param(i.id())
					.query(String.class).optional().orElse(c.nodePath());
				boolean full = actor.seesPersonalDataAt(path == null ? c.nodePath() : path);
				return full ? i : new Item(i.id(), i.rowNumber(), Masking.name(i.name()), Masking.idNumber(i.idNumber()),
						Masking.phone(i.phone()), i.address(), i.householdId(), i.gridId(), i.status(), i.answerNote(),
						i.answeredBy(), i.answeredAt(), i.escalated());
			}).toList();
	}

	/**
	 * The lines of a check were shown or exported (names, ID numbers, phones): the audit log says who and how many
	 * (issue 24). Outside the read's transaction, which may be read-only.
	 */
	public void listed(Actor actor, Check check, int lines, String how) {
		if (lines > 0) {
			events.publishEvent(ActionRecorded.of(actor.username(), "PERSONAL_DATA_LISTED", "cmp_assist_check", check.id(),
					check.nodePath(), how + ", " + lines + " lines"));
		}
	}

	private boolean lineVisible(Actor actor, long itemId) {
		String path = jdbc.sql("select node_path from cmp_assist_item where id = ?").param(itemId).query(String.class)
			.optional().orElse(null);
		return actor.reaches(path, ANSWERERS);
	}

	/**
	 * Whether lines of the check were routed where the actor answers them: its grid, or its community once they are
	 * escalated there (the notification links to the check). A resident whose household is on a list does not see it.
	 */
	private boolean hasLinesFor(Actor actor, long checkId) {
		List<String> scope = actor.scopePaths(ANSWERERS);
		if (scope.isEmpty()) {
			return false;
		}
		return jdbc.sql("select node_path from cmp_assist_item where check_id = ? and node_path is not null").param(checkId)
			.query(String.class).list().stream().anyMatch(p -> scope.stream().anyMatch(p::startsWith));
	}

	private static String communityOf(String path) {
		String[] ids = path.substring(1).split("/");
		return "/" + String.join("/", ids[0], ids[1], ids[2]) + "/";
	}

	private Optional<Check> find(long id) {
		return jdbc.sql("""
				select c.id, c.node_id, c.node_path, c.name, c.deadline, c.created_by,
				       (select count(*) from cmp_assist_item i where i.check_id = c.id and i.city_id = c.city_id),
				       (select count(*) from cmp_assist_item i where i.check_id = c.id and i.city_id = c.city_id and i.status <> 'UNROUTED'),
				       (select count(*) from cmp_assist_item i where i.check_id = c.id and i.city_id = c.city_id and i.status in ('FOUND', 'NOT_FOUND', 'MOVED'))
				  from cmp_assist_check c where c.id = ?""").param(id)
			.query((rs, i) -> new Check(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9)))
			.optional();
	}

	private Item item(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		Timestamp answered = rs.getTimestamp("answered_at");
		return new Item(rs.getLong("id"), rs.getInt("row_number"), rs.getString("name"), cipher.open(rs.getString("id_number")),
				rs.getString("phone"), rs.getString("address"), (Long) rs.getObject("household_id"),
				(Long) rs.getObject("grid_id"), rs.getString("status"), rs.getString("answer_note"),
				rs.getString("answered_by"), answered == null ? null : answered.toInstant(),
				rs.getTimestamp("escalated_at") != null);
	}

	/**
	 * At start: the ID numbers written before they were sealed, or sealed under a key since rotated, are sealed
	 * (again) under the current key, a thousand at a time. Only the server does it, not a console command.
	 */
	@org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
	void sealIdNumbers(org.springframework.boot.context.event.ApplicationReadyEvent ready) {
		if (!ready.getApplicationContext().getEnvironment().getProperty("xingfu.scheduling.enabled", Boolean.class, true)) {
			return;
		}
		long after = 0;
		while (true) {
			record Row(long id, long city, String value) {
			}
			List<Row> rows = jdbc.sql("""
					select id, city_id, id_number from cmp_assist_item
					 where id > ? and id_number is not null order by id limit 1000""").param(after)
				.query((rs, i) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3))).list();
			if (rows.isEmpty()) {
				return;
			}
			for (Row r : rows) {
				if (!cipher.current(r.value())) {
					jdbc.sql("update cmp_assist_item set id_number = ? where id = ? and city_id = ?")
						.params(cipher.seal(cipher.open(r.value())), r.id(), r.city()).update();
				}
			}
			after = rows.getLast().id();
		}
	}

	static String text(Row row, int column) {
		if (!row.hasCell(column)) {
			return "";
		}
		String value = row.getCellText(column);
		value = value == null ? "" : value.strip();
		if (value.matches("\\d+\\.0+")) {
			value = value.substring(0, value.indexOf('.'));
		}
		return value;
	}
}
