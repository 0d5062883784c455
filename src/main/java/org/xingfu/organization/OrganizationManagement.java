package org.xingfu.organization;

import java.math.BigDecimal;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;

/**
 * Write side of the organisation: create nodes, households and the people in them. Only the editors of
 * {@link Role#ORG_EDITORS} may write, and only inside their scope; every change is recorded for the audit log.
 */
@Service
@Transactional
public class OrganizationManagement {

	/** Who lives in or owns a household. */
	public enum Relation {
		OWNER, RESIDENT, TENANT
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;

	OrganizationManagement(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
	}

	/** Adds a child node (street, community, compound, building or unit) under {@code parentId}. */
	public NodeRef createNode(Actor actor, long parentId, NodeType type, String name) {
		NodeRef parent = editableNode(actor, parentId);
		if (type == NodeType.HOUSEHOLD || parent.type().childType().filter(t -> t == type).isEmpty()) {
			throw new ConflictException("org.error.childType", parent.type().name(), type.name());
		}
		long id = insertNode(parent.id(), type, name.strip());
		NodeRef created = directory.findNode(id).orElseThrow();
		record(actor, "NODE_CREATED", "node", id, created.path(), type.name());
		return created;
	}

	/** Adds a household with its exclusive area to a unit. */
	public NodeRef createHousehold(Actor actor, long unitId, String room, BigDecimal areaM2) {
		NodeRef unit = editableNode(actor, unitId);
		if (unit.type() != NodeType.UNIT) {
			throw new ConflictException("org.error.childType", unit.type().name(), NodeType.HOUSEHOLD.name());
		}
		long id = insertNode(unit.id(), NodeType.HOUSEHOLD, room.strip());
		jdbc.sql("insert into org_household (node_id, city_id, area_m2) select id, city_id, ? from org_node where id = ?")
			.params(areaM2, id).update();
		NodeRef created = directory.findNode(id).orElseThrow();
		record(actor, "HOUSEHOLD_CREATED", "household", id, created.path(), null);
		return created;
	}

	/** Corrects a household's exclusive area; {@code version} guards against overwriting a concurrent edit. */
	public void updateHousehold(Actor actor, long householdId, BigDecimal areaM2, long version) {
		NodeRef node = editableNode(actor, householdId);
		if (node.type() != NodeType.HOUSEHOLD) {
			throw new NotFoundException("household", householdId);
		}
		int updated = jdbc.sql("""
				update org_household set area_m2 = ?, version = version + 1, updated_at = now()
				 where node_id = ? and version = ?""").params(areaM2, householdId, version).update();
		if (updated == 0) {
			throw new ConflictException("org.error.staleHousehold");
		}
		record(actor, "HOUSEHOLD_UPDATED", "household", householdId, node.path(), null);
	}

	/** Registers a person in a household as owner, resident or tenant; returns the person's id. */
	public long addPerson(Actor actor, long householdId, String name, String phone, Relation relation,
			BigDecimal sharePct) {
		NodeRef household = editableNode(actor, householdId);
		if (household.type() != NodeType.HOUSEHOLD) {
			throw new NotFoundException("household", householdId);
		}
		long personId = jdbc.sql("""
				insert into org_person (city_id, name, phone, home_path)
				select city_id, ?, ?, path from org_node where id = ? returning id""")
			.params(name.strip(), phone == null || phone.isBlank() ? null : phone.strip(), householdId)
			.query(Long.class).single();
		jdbc.sql("insert into org_residency (person_id, household_id, relation, share_pct) values (?, ?, ?, ?)")
			.params(personId, householdId, relation.name(), relation == Relation.OWNER ? sharePct : null).update();
		record(actor, "PERSON_REGISTERED", "person", personId, household.path(), relation.name());
		return personId;
	}

	/** Corrects a person's name or phone. */
	public void updatePerson(Actor actor, long personId, String name, String phone) {
		String home = jdbc.sql("select home_path from org_person where id = ?").param(personId).query(String.class)
			.optional().filter(actor::canRead).orElseThrow(() -> new NotFoundException("person", personId));
		if (!actor.reaches(home, Role.ORG_EDITORS)) {
			throw new ForbiddenException("edit person");
		}
		jdbc.sql("update org_person set name = ?, phone = ?, version = version + 1, updated_at = now() where id = ?")
			.params(name.strip(), phone == null || phone.isBlank() ? null : phone.strip(), personId).update();
		record(actor, "PERSON_UPDATED", "person", personId, home, null);
	}

	/** The node, if the actor may edit below it: 404 when out of sight, 403 when visible but read-only. */
	NodeRef editableNode(Actor actor, long id) {
		NodeRef node = directory.findNode(id).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", id));
		if (!actor.reaches(node.path(), Role.ORG_EDITORS)) {
			throw new ForbiddenException("edit node");
		}
		return node;
	}

	long insertNode(long parentId, NodeType type, String name) {
		try {
			return jdbc.sql("insert into org_node (city_id, parent_id, type, name, path) values (0, ?, ?, ?, '') returning id")
				.params(parentId, type.name(), name).query(Long.class).single();
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException("org.error.duplicateName", name);
		}
	}

	void record(Actor actor, String action, String targetType, long id, String path, String detail) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, targetType, id, path, detail));
	}
}
