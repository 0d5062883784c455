package org.xingfu.property;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.organization.OrganizationManagement;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/**
 * Property companies, their party organisation (红色物业) and their service contracts with compounds; the coverage
 * figure: the share of residential (exclusive) area under a professional company's current contract.
 */
@Service
@Transactional
public class PropertyCompanies {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
	/** Who registers companies and their party organisation. */
	static final Set<Role> REGISTRARS = Set.of(Role.CITY_ADMIN, Role.STREET_ADMIN);
	/** Who records contracts of a compound. */
	static final Set<Role> CONTRACT_KEEPERS = Set.of(Role.CITY_ADMIN, Role.STREET_ADMIN, Role.COMMUNITY_STAFF);

	private static final String CONTRACT_COLUMNS = """
			select k.id, k.company_id, c.name, k.compound_id, k.node_path, k.starts_on, k.ends_on, k.service_level,
			       k.fee_cents_per_m2
			  from prop_contract k join org_property_company c on c.id = k.company_id and c.city_id = k.city_id
			""";

	public record Company(long id, String name, boolean stateOwned, String partyBranch, int partyMembers,
			boolean redProperty, int compounds) {
	}

	public record Contract(long id, long companyId, String companyName, long compoundId, String nodePath,
			LocalDate startsOn, LocalDate endsOn, int serviceLevel, int feeCentsPerM2) {
	}

	/** Coverage of a node and, for a city, street or community, of each child. */
	public record Coverage(long nodeId, String name, BigDecimal totalAreaM2, BigDecimal coveredAreaM2,
			BigDecimal percent, List<Coverage> children) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final OrganizationManagement management;
	private final ApplicationEventPublisher events;

	PropertyCompanies(JdbcClient jdbc, OrganizationDirectory directory, OrganizationManagement management,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.management = management;
		this.events = events;
	}

	/** The companies of the reader's city, with how many compounds of the reader's scope each serves now. */
	@Transactional(readOnly = true)
	public List<Company> list(Actor actor) {
		long city = cityOf(actor);
		List<String> scope = actor.scopePaths();
		List<Company> result = new ArrayList<>();
		for (OrganizationDirectory.PropertyCompanyRef c : directory.propertyCompanies(city)) {
			int compounds = (int) currentContracts(c.id()).stream()
				.filter(k -> scope.stream().anyMatch(k.nodePath()::startsWith)).count();
			Optional<Object[]> profile = jdbc.sql("select party_branch, party_members from prop_company_profile where company_id = ?")
				.param(c.id()).query((rs, i) -> new Object[] { rs.getString(1), rs.getInt(2) }).optional();
			String branch = profile.map(p -> (String) p[0]).orElse(null);
			int members = profile.map(p -> (Integer) p[1]).orElse(0);
			result.add(new Company(c.id(), c.name(), c.stateOwned(), branch, members, branch != null && members >= 3,
					compounds));
		}
		return result;
	}

	/** Registers a company with its party branch (a branch needs at least 3 members to count as 红色物业). */
	public long create(Actor actor, String name, boolean stateOwned, String partyBranch, int partyMembers) {
		if (!actor.hasAny(REGISTRARS)) {
			throw new ForbiddenException("property-register");
		}
		long city = cityOf(actor);
		if (directory.propertyCompanies(city).stream().anyMatch(c -> c.name().equals(name.strip()))) {
			throw new InvalidFieldException("name", "property.error.duplicate");
		}
		long id = management.createPropertyCompany(actor, city, name, stateOwned);
		profile(id, partyBranch, partyMembers);
		return id;
	}

	/** 红色物业: the party branch inside a company and its members. */
	public void updateParty(Actor actor, long companyId, String partyBranch, int partyMembers) {
		company(actor, companyId);
		if (!actor.hasAny(REGISTRARS)) {
			throw new ForbiddenException("property-register");
		}
		profile(companyId, partyBranch, partyMembers);
		events.publishEvent(ActionRecorded.of(actor.username(), "PROPERTY_PARTY_UPDATED", "property_company", companyId,
				"/" + cityOf(actor) + "/", partyBranch + " " + partyMembers));
	}

	/** A service contract of a company with a compound of the actor's scope. */
	public long contract(Actor actor, long companyId, long compoundId, LocalDate startsOn, LocalDate endsOn,
			int serviceLevel, int feeCentsPerM2) {
		company(actor, companyId);
		NodeRef compound = directory.findNode(compoundId).filter(n -> n.type() == NodeType.COMPOUND)
			.filter(n -> actor.canRead(n.path())).orElseThrow(() -> new NotFoundException("compound", compoundId));
		if (!actor.reaches(compound.path(), CONTRACT_KEEPERS)) {
			throw new ForbiddenException("property-contract");
		}
		if (endsOn != null && !endsOn.isAfter(startsOn)) {
			throw new InvalidFieldException("endsOn", "property.error.period");
		}
		if (serviceLevel < 1 || serviceLevel > 3) {
			throw new InvalidFieldException("serviceLevel", "property.error.level");
		}
		if (feeCentsPerM2 <= 0) {
			throw new InvalidFieldException("feeCentsPerM2", "property.error.fee");
		}
		long id = jdbc.sql("""
				insert into prop_contract (city_id, company_id, compound_id, node_path, starts_on, ends_on, service_level,
				  fee_cents_per_m2, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
			.params(ScopeSql.cityOf(compound.path()), companyId, compoundId, compound.path(), startsOn, endsOn, serviceLevel,
					feeCentsPerM2, actor.username())
			.query(Long.class).single();
		management.recordPropertyService(actor, companyId, compound, startsOn, endsOn);
		events.publishEvent(ActionRecorded.of(actor.username(), "PROPERTY_CONTRACT_RECORDED", "prop_contract", id,
				compound.path(), companyId + " " + startsOn));
		return id;
	}

	/** The contracts of one compound of the reader's scope, newest first. */
	@Transactional(readOnly = true)
	public List<Contract> contracts(Actor actor, long compoundId) {
		return jdbc.sql(CONTRACT_COLUMNS + " where k.compound_id = ? order by k.starts_on desc, k.id desc")
			.param(compoundId).query(this::contract).list().stream().filter(k -> actor.canRead(k.nodePath())).toList();
	}

	/** The contract a compound is served under today, if any. */
	@Transactional(readOnly = true)
	public Optional<Contract> currentContract(long compoundId) {
		return jdbc.sql(CONTRACT_COLUMNS + """
				 where k.compound_id = ? and k.starts_on <= ? and (k.ends_on is null or k.ends_on > ?)
				 order by k.starts_on desc, k.id desc limit 1""")
			.params(compoundId, today(), today()).query(this::contract).optional();
	}

	/** 物业覆盖率: exclusive area under a current contract over all exclusive area, for a node and its children. */
	@Transactional(readOnly = true)
	public Coverage coverage(Actor actor, long nodeId) {
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		// one pass over the households for the node and all its children (measured by bench/fund.sh: a query per
		// child read the city's 360,000 households twice over)
		List<OrganizationDirectory.CompoundArea> areas = directory.compoundAreas(node.path());
		Set<Long> covered = new java.util.HashSet<>(jdbc.sql("""
				select distinct compound_id from prop_contract
				 where node_path >= ? and node_path < ? and starts_on <= ? and (ends_on is null or ends_on > ?)""")
			.params(node.path(), node.path() + "\uffff", today(), today()).query(Long.class).list());
		List<Coverage> children = new ArrayList<>();
		if (node.type() == NodeType.CITY || node.type() == NodeType.STREET || node.type() == NodeType.COMMUNITY) {
			for (NodeRef child : directory.descendants(actor, nodeId, node.type().childType().orElseThrow(), 500)) {
				if (child.parentId() != null && child.parentId() == nodeId) {
					children.add(coverageOf(child, areas.stream().filter(a -> a.path().startsWith(child.path())).toList(),
							covered, List.of()));
				}
			}
		}
		return coverageOf(node, areas, covered, children);
	}

	private static Coverage coverageOf(NodeRef node, List<OrganizationDirectory.CompoundArea> areas, Set<Long> covered,
			List<Coverage> children) {
		BigDecimal total = BigDecimal.ZERO;
		BigDecimal served = BigDecimal.ZERO;
		for (OrganizationDirectory.CompoundArea a : areas) {
			total = total.add(a.area());
			if (covered.contains(a.compoundId())) {
				served = served.add(a.area());
			}
		}
		BigDecimal percent = total.signum() == 0 ? BigDecimal.ZERO
				: served.multiply(BigDecimal.valueOf(100)).divide(total, 1, RoundingMode.HALF_UP);
		return new Coverage(node.id(), node.name(), total, served, percent, children);
	}

	/**
	 * The demo's contracts: every compound the demo city gives a company is under contract since 2022, with a
	 * service level and fee that vary between compounds; the demo companies have party branches.
	 */
	public int openDemoContracts(long cityId, String createdBy) {
		jdbc.sql("""
				insert into prop_company_profile (company_id, party_branch, party_members, city_id)
				select id, name || '党支部', case when state_owned then 12 else 5 end, city_id from org_property_company
				 where city_id = ?
				on conflict (company_id, city_id) do nothing""").param(cityId).update();
		return jdbc.sql("""
				insert into prop_contract (city_id, company_id, compound_id, node_path, starts_on, ends_on, service_level,
				  fee_cents_per_m2, created_by)
				select n.city_id, s.company_id, s.compound_id, n.path, s.since, s.until, 1 + (n.id % 3)::int,
				       case 1 + (n.id % 3) when 1 then 150 when 2 then 120 else 90 end, ?
				  from org_property_service s join org_node n on n.id = s.compound_id and n.city_id = s.city_id
				 where s.city_id = ?""")
			.params(createdBy, cityId).update();
	}


	OrganizationDirectory.PropertyCompanyRef company(Actor actor, long companyId) {
		return directory.propertyCompany(companyId).filter(c -> c.cityId() == cityOf(actor))
			.orElseThrow(() -> new NotFoundException("property company", companyId));
	}

	private List<Contract> currentContracts(long companyId) {
		return jdbc.sql(CONTRACT_COLUMNS + """
				 where k.company_id = ? and k.starts_on <= ? and (k.ends_on is null or k.ends_on > ?)""")
			.params(companyId, today(), today()).query(this::contract).list();
	}

	private void profile(long companyId, String partyBranch, int partyMembers) {
		if (partyMembers < 0 || partyMembers > 10_000) {
			throw new InvalidFieldException("partyMembers", "property.error.members");
		}
		jdbc.sql("""
				insert into prop_company_profile (company_id, party_branch, party_members, updated_at, city_id)
				select id, ?, ?, now(), city_id from org_property_company where id = ?
				on conflict (company_id, city_id) do update set party_branch = excluded.party_branch,
				  party_members = excluded.party_members, updated_at = excluded.updated_at""")
			.params(partyBranch == null || partyBranch.isBlank() ? null : partyBranch.strip(), partyMembers, companyId)
			.update();
	}

	private Contract contract(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		java.sql.Date ends = rs.getDate(7);
		return new Contract(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
				rs.getDate(6).toLocalDate(), ends == null ? null : ends.toLocalDate(), rs.getInt(8), rs.getInt(9));
	}

	static LocalDate today() {
		return LocalDate.now(CHINA);
	}

	static long cityOf(Actor actor) {
		long city = actor.cityId();
		if (city < 0) {
			throw new ForbiddenException("no-city");
		}
		return city;
	}
}
