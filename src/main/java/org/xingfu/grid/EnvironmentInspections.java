package org.xingfu.grid;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

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
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Upload;

/**
 * Environment inspections (毁绿种菜, 楼道堆放 and the other kinds of {@code grd_inspection_kind}): a finding at a
 * place of a compound with photos and a rectification deadline; the re-inspection closes it, or sets a new deadline;
 * counts per compound and kind for the compound's record.
 */
@Service
@Transactional
public class EnvironmentInspections {

	public record Kind(String code, String nameZh, String nameEn) {
	}

	public record Inspection(long id, long compoundId, long nodeId, String nodePath, String kind, String place,
			String foundNote, LocalDate deadline, String status, Instant reinspectedAt, String reinspectNote,
			String foundBy, Instant foundAt, boolean overdue) {
	}

	/** Counts of one compound and kind: found in total, still open, open past the deadline, closed. */
	public record Count(long compoundId, String compoundName, String kind, int found, int open, int overdue,
			int closed) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final FileStorage storage;
	private final ApplicationEventPublisher events;

	EnvironmentInspections(JdbcClient jdbc, OrganizationDirectory directory, FileStorage storage,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.storage = storage;
		this.events = events;
	}

	@Transactional(readOnly = true)
	public List<Kind> kinds() {
		return jdbc.sql("select code, name_zh, name_en from grd_inspection_kind order by code")
			.query((rs, i) -> new Kind(rs.getString(1), rs.getString(2), rs.getString(3))).list();
	}

	public long found(Actor actor, long nodeId, String kind, String place, String note, LocalDate deadline,
			List<Upload> photos) throws IOException {
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		String[] ids = node.path().substring(1).split("/");
		if (ids.length < 4) {
			throw new InvalidFieldException("nodeId", "grid.error.compoundPlace");
		}
		if (!actor.reaches(node.path(), FieldLogs.FIELD)) {
			throw new ForbiddenException("inspection");
		}
		if (kinds().stream().noneMatch(k -> k.code().equals(kind))) {
			throw new InvalidFieldException("kind", "grid.error.kind");
		}
		if (deadline == null || deadline.isBefore(LocalDate.now(CareResidents.CHINA))) {
			throw new InvalidFieldException("deadline", "grid.error.past");
		}
		long id = jdbc.sql("""
				insert into grd_inspection (city_id, compound_id, node_id, node_path, kind, place, found_note, deadline,
				  status, found_by) values (?, ?, ?, ?, ?, ?, ?, ?, 'FOUND', ?) returning id""")
			.params(Long.parseLong(ids[0]), Long.parseLong(ids[3]), nodeId, node.path(), kind, place.strip(),
					note.strip(), deadline, actor.username())
			.query(Long.class).single();
		photos(id, "FOUND", photos);
		events.publishEvent(ActionRecorded.of(actor.username(), "INSPECTION_FOUND", "grd_inspection", id, node.path(), kind));
		return id;
	}

	/** The re-inspection: rectified closes it; not rectified keeps it open with a new deadline. */
	public Inspection reinspect(Actor actor, long id, boolean rectified, String note, LocalDate newDeadline,
			List<Upload> photos) throws IOException {
		jdbc.sql("select id from grd_inspection where id = ? and city_id = ? for update").params(id, actor.cityId())
			.query(Long.class).optional();
		Inspection i = visible(actor, id);
		if (!actor.reaches(i.nodePath(), FieldLogs.FIELD)) {
			throw new ForbiddenException("inspection");
		}
		if (!"FOUND".equals(i.status())) {
			throw new ConflictException("grid.error.inspectionClosed");
		}
		if (!rectified && (newDeadline == null || newDeadline.isBefore(LocalDate.now(CareResidents.CHINA)))) {
			throw new InvalidFieldException("newDeadline", "grid.error.past");
		}
		jdbc.sql("""
				update grd_inspection set status = ?, reinspected_at = now(), reinspect_note = ?,
				  deadline = coalesce(?, deadline) where id = ?""")
			.params(rectified ? "CLOSED" : "FOUND", note == null || note.isBlank() ? null : note.strip(),
					rectified ? null : newDeadline, id)
			.update();
		photos(id, "RECHECK", photos);
		events.publishEvent(ActionRecorded.of(actor.username(), rectified ? "INSPECTION_CLOSED" : "INSPECTION_EXTENDED",
				"grd_inspection", id, i.nodePath(), note));
		return find(id).orElseThrow();
	}

	@Transactional(readOnly = true)
	public Inspection visible(Actor actor, long id) {
		return find(id).filter(i -> actor.canRead(i.nodePath())).orElseThrow(() -> new NotFoundException("inspection", id));
	}

	@Transactional(readOnly = true)
	public List<Inspection> open(Actor actor, String path) {
		return jdbc.sql("select * from grd_inspection where node_path >= ? and node_path < ? and status = 'FOUND' order by deadline, id limit 200")
			.params(path, path + "\uffff").query(this::map).list().stream().filter(i -> actor.canRead(i.nodePath()))
			.toList();
	}

	/** Counts per compound and kind under a place of the reader's scope. */
	@Transactional(readOnly = true)
	public List<Count> counts(Actor actor, long nodeId) {
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		return jdbc.sql("""
				select i.compound_id, c.name, i.kind, count(*),
				       count(*) filter (where i.status = 'FOUND'),
				       count(*) filter (where i.status = 'FOUND' and i.deadline < current_date),
				       count(*) filter (where i.status = 'CLOSED')
				  from grd_inspection i join org_node c on c.id = i.compound_id and c.city_id = i.city_id
				 where i.node_path >= ? and i.node_path < ? group by i.compound_id, c.name, i.kind order by c.name, i.kind""")
			.params(node.path(), node.path() + "\uffff")
			.query((rs, i) -> new Count(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
					rs.getInt(6), rs.getInt(7)))
			.list();
	}

	private void photos(long id, String stage, List<Upload> photos) throws IOException {
		long existing = jdbc.sql("select count(*) from grd_inspection_photo where inspection_id = ?").param(id)
			.query(Long.class).single();
		for (Upload.Stored photo : Upload.storeAll(storage, photos, existing, 12, "grid.error.tooManyPhotos")) {
			jdbc.sql("""
					insert into grd_inspection_photo (inspection_id, stage, storage_key, content_type, size_bytes, city_id)
					select id, ?, ?, ?, ?, city_id from grd_inspection where id = ?""")
				.params(stage, photo.key(), photo.type(), photo.size(), id).update();
		}
	}

	private Optional<Inspection> find(long id) {
		return jdbc.sql("select * from grd_inspection where id = ?").param(id).query(this::map).optional();
	}

	private Inspection map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		java.sql.Timestamp re = rs.getTimestamp("reinspected_at");
		LocalDate deadline = rs.getDate("deadline").toLocalDate();
		String status = rs.getString("status");
		return new Inspection(rs.getLong("id"), rs.getLong("compound_id"), rs.getLong("node_id"), rs.getString("node_path"),
				rs.getString("kind"), rs.getString("place"), rs.getString("found_note"), deadline, status,
				re == null ? null : re.toInstant(), rs.getString("reinspect_note"), rs.getString("found_by"),
				rs.getTimestamp("found_at").toInstant(),
				"FOUND".equals(status) && deadline.isBefore(LocalDate.now(CareResidents.CHINA)));
	}
}
