package org.xingfu.request;

import java.security.SecureRandom;
import java.util.Base64;
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
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/** Api keys of Open311 partner systems: issued by a city admin, shown once, stored as a hash. */
@Service
class Open311Clients {

	record Client(long id, String name, long nodeId, String nodePath, boolean enabled) {
	}

	record Issued(long id, String apiKey) {
	}

	private final SecureRandom random = new SecureRandom();
	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;

	Open311Clients(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
	}

	@Transactional
	Issued issue(Actor actor, String name, long nodeId) {
		if (!actor.has(Role.CITY_ADMIN)) {
			throw new ForbiddenException("issue api key");
		}
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		byte[] bytes = new byte[24];
		random.nextBytes(bytes);
		String key = "xf311_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		long id = jdbc.sql("""
				insert into req_open311_client (name, key_hash, node_id, created_by, city_id) values (?, ?, ?, ?, ?)
				returning id""")
			.params(name.strip(), RequestIntake.sha256(key), node.id(), actor.username(), ScopeSql.cityOf(node.path()))
			.query(Long.class)
			.single();
		events.publishEvent(ActionRecorded.of(actor.username(), "OPEN311_KEY_ISSUED", "open311_client", id, node.path(),
				null));
		return new Issued(id, key);
	}

	@Transactional
	void disable(Actor actor, long id) {
		if (!actor.has(Role.CITY_ADMIN)) {
			throw new ForbiddenException("disable api key");
		}
		// a city's keys are its own administrators' (issue 24): another city's key is not found
		if (jdbc.sql("update req_open311_client set enabled = false where id = ? and city_id = ?")
			.params(id, actor.cityId()).update() == 0) {
			throw new NotFoundException("open311 client", id);
		}
		events.publishEvent(ActionRecorded.of(actor.username(), "OPEN311_KEY_DISABLED", "open311_client", id,
				"/" + actor.cityId() + "/", null));
	}

	/** The keys of the actor's city. */
	@Transactional(readOnly = true)
	List<Client> list(Actor actor) {
		return jdbc.sql("""
				select c.id, c.name, c.node_id, n.path, c.enabled from req_open311_client c join org_node n on n.id = c.node_id and n.city_id = c.city_id
				 where c.city_id = ? order by c.id""").param(actor.cityId())
			.query((rs, i) -> new Client(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getBoolean(5)))
			.list();
	}

	/** The client of an api key, as an actor that reaches the key's node (a partner system, not a person). */
	@Transactional(readOnly = true)
	Optional<Actor> actorFor(String apiKey) {
		if (apiKey == null || apiKey.length() > 100) {
			return Optional.empty();
		}
		return jdbc.sql("""
				select c.id, c.name, n.id, n.name, n.type, n.path from req_open311_client c join org_node n on n.id = c.node_id and n.city_id = c.city_id
				 where c.key_hash = ? and c.enabled""")
			.param(RequestIntake.sha256(apiKey))
			.query((rs, i) -> new Actor(-rs.getLong(1), "open311:" + rs.getLong(1), rs.getString(2), null,
					List.of(new Actor.RoleGrant(Role.CITY_DEPARTMENT, rs.getLong(3), rs.getString(4),
							NodeType.valueOf(rs.getString(5)), null, List.of(rs.getString(6))))))
			.optional();
	}
}
