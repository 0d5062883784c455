package org.xingfu.organization;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.Role;

/**
 * Builds the Gongzhuling-like demo city of domain.md section 15, deterministically (fixed seed): 7 streets with
 * their communities, compounds of buildings, units and households with exclusive areas, residents and owners,
 * grids, the party tree, partner units in alliances, the two property companies, and people holding every role.
 * Bulk inserts in batches, so the city-scale size (360,000 households) loads in minutes.
 */
@Component
public class DemoCityGenerator {

	/**
	 * What the generator made: the city, the compound the README's accounts live in (财政小区), and the people behind
	 * the demo accounts, by account name. Later steps of the demo loader work on these ids, never on names looked up.
	 */
	public record DemoPeople(long cityId, long caizhengId, Map<String, Long> personIds, Map<String, String> displayNames) {
	}

	private static final String[] STREETS = { "河南街道", "河北街道", "东三街道", "岭东街道", "铁北街道", "岭西街道", "苇子沟街道" };

	private static final Map<String, String[]> COMMUNITIES = new LinkedHashMap<>();
	static {
		COMMUNITIES.put("河南街道", new String[] { "南崴子社区", "兴华社区", "胜利社区" });
		COMMUNITIES.put("河北街道", new String[] { "农场社区", "朝阳社区", "北站社区" });
		COMMUNITIES.put("东三街道", new String[] { "东城社区", "三道街社区" });
		COMMUNITIES.put("岭东街道", new String[] { "岭东社区", "站前社区", "光明社区", "育才社区" });
		COMMUNITIES.put("铁北街道", new String[] { "铁北社区", "工农社区" });
		COMMUNITIES.put("岭西街道", new String[] { "新民社区", "岭西社区", "和平社区" });
		COMMUNITIES.put("苇子沟街道", new String[] { "苇子沟社区", "河东社区" });
	}

	private static final String[] COMPOUND_NAMES = { "财政", "幸福", "阳光", "和谐", "锦绣", "康宁", "金桥", "翠园", "丽景",
			"明珠", "富民", "安居", "建业", "华府", "福源", "春城", "文苑", "长青", "新华", "东方", "盛世", "龙湾", "祥和",
			"瑞丰", "嘉园", "汇丰", "嘉禾", "书香", "泰和", "兴隆" };

	private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡",
			"朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧" };

	private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国春梅淑珍志红凤海波亮宏宇鹏";

	private static final String[] OFFICES = { "市财政局", "市住建局", "市民政局", "市卫健委", "市教育局", "市公安局", "市水务局",
			"市城管局", "市人社局", "市发改局" };

	private final JdbcTemplate jdbc;
	private final Random random = new Random(2026);
	private final List<Object[]> personRows = new ArrayList<>();
	private final List<Object[]> residencyRows = new ArrayList<>();
	private final List<Object[]> roleRows = new ArrayList<>();
	private long cityId;

	DemoCityGenerator(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Whether the tree is still empty: the demo city is generated only into a database without any city. */
	public boolean isEmpty() {
		return jdbc.queryForObject("select count(*) from org_node", Long.class) == 0;
	}

	@Transactional
	public synchronized DemoPeople generate(int targetHouseholds) {
		Map<String, Long> named = new LinkedHashMap<>();
		Map<String, String> names = new LinkedHashMap<>();

		cityId = insertNode(null, "CITY", "公主岭市");
		String cityPath = path(cityId);
		long cityWorkCommittee = party(null, "STREET_WORKING_COMMITTEE", "公主岭市委城市工作委员会", cityId);

		int communities = COMMUNITIES.values().stream().mapToInt(a -> a.length).sum();
		// at least three compounds a community (13 in 岭东's four), about 1,000 households each at city scale
		int compoundsPerCommunity = Math.max(3, (int) Math.ceil(targetHouseholds / 1000.0 / communities));
		int householdsPerCompound = Math.max(24, targetHouseholds / (communities * compoundsPerCommunity + 1));

		List<long[]> propertyCompanies = new ArrayList<>();
		long guoxin = jdbc.queryForObject("insert into org_property_company (city_id, name, state_owned) values (?, ?, true) returning id",
				Long.class, cityId, "国信物业服务有限公司");
		long jindi = jdbc.queryForObject("insert into org_property_company (city_id, name, state_owned) values (?, ?, false) returning id",
				Long.class, cityId, "金地博华物业服务有限公司");
		propertyCompanies.add(new long[] { guoxin });
		propertyCompanies.add(new long[] { jindi });

		long adminPerson = person("王建国", phone(), cityPath);
		role(adminPerson, Role.CITY_ADMIN, cityId, null, null, null);
		named.put("admin", adminPerson);
		names.put("admin", "王建国");

		long caizheng = 0;
		int compoundSeq = 0;
		int allianceSeq = 0;
		long[] partnerLiaison = null;
		for (String streetName : STREETS) {
			long street = insertNode(cityId, "STREET", streetName);
			long streetCommittee = party(cityWorkCommittee, "STREET_WORKING_COMMITTEE", streetName + "党工委", street);
			long streetAdmin = person(name(), phone(), path(cityId, street));
			role(streetAdmin, Role.STREET_ADMIN, street, null, null, null);
			if (streetName.equals("岭东街道")) {
				named.put("jd.lingdong", streetAdmin);
			}
			if (streetName.equals("河北街道")) {
				named.put("jd.hebei", streetAdmin);
			}
			for (int a = 0; a < 3; a++) {
				allianceSeq++;
				long alliance = jdbc.queryForObject(
						"insert into org_alliance (city_id, name, node_id) values (?, ?, ?) returning id", Long.class,
						cityId, streetName + "第" + (a + 1) + "党建联盟", street);
				for (int u = 0; u < 3; u++) {
					long unit = jdbc.queryForObject("insert into org_partner_unit (city_id, name, kind, alliance_id, node_id) values (?, ?, ?, ?, ?) returning id",
							Long.class, cityId, OFFICES[(allianceSeq * 3 + u) % OFFICES.length] + streetName.replace("街道", "") + "共建点"
									+ (u + 1), u == 0 ? "GOVERNMENT" : u == 1 ? "STATE_ENTERPRISE" : "SOCIAL_ORGANIZATION",
							alliance, street);
					if (streetName.equals("河北街道") && a == 0 && u == 0) {
						// the liaison of a partner unit in the alliance of 农场社区's street: claims demands for the unit
						long liaison = person("钱共建", phone(), path(cityId, street));
						named.put("gj.hebei", liaison);
						partnerLiaison = new long[] { liaison, street, unit };
					}
				}
			}
			String[] communityNames = COMMUNITIES.get(streetName);
			for (int ci = 0; ci < communityNames.length; ci++) {
				String communityName = communityNames[ci];
				long community = insertNode(street, "COMMUNITY", communityName);
				String communityPath = path(cityId, street, community);
				long generalBranch = party(streetCommittee, "COMMUNITY_GENERAL_BRANCH", communityName + "党总支", community);
				for (int s = 0; s < 3; s++) {
					long staff = person(name(), phone(), communityPath);
					role(staff, Role.COMMUNITY_STAFF, community, null, null, null);
					if (s == 0 && communityName.equals("农场社区")) {
						named.put("sq.nongchang", staff);
					}
					if (s == 0 && communityName.equals("朝阳社区")) {
						named.put("sq.chaoyang", staff);
					}
				}
				int compounds = streetName.equals("岭东街道") ? Math.max(compoundsPerCommunity, ci == 0 ? 4 : 3)
						: compoundsPerCommunity;
				List<long[]> gridPlan = new ArrayList<>(); // {compoundId, households, building ids...}
				for (int k = 0; k < compounds; k++) {
					String compoundName = (communityName.equals("农场社区") && k == 0 ? "财政"
							: COMPOUND_NAMES[(compoundSeq + 1) % COMPOUND_NAMES.length]
									+ (compoundSeq >= COMPOUND_NAMES.length - 1 ? String.valueOf(compoundSeq) : ""))
							+ "小区";
					compoundSeq++;
					long compound = insertNode(community, "COMPOUND", compoundName);
					if (compoundName.equals("财政小区")) {
						caizheng = compound;
					}
					String compoundPath = communityPath + compound + "/";
					// 岭东: 8 compound branches among its 13 compounds; elsewhere every compound has one
					boolean hasBranch = !streetName.equals("岭东街道") || compoundSeq % 13 < 8;
					long branch = hasBranch ? party(generalBranch, "COMPOUND_BRANCH", compoundName + "党支部", compound)
							: generalBranch;
					party(branch, "FUNCTIONAL_BRANCH", compoundName + "功能型邻里党支部", compound);
					if (streetName.equals("岭东街道") && compoundSeq % 2 == 0) {
						party(branch, "FUNCTIONAL_BRANCH", compoundName + "第二功能型邻里党支部", compound);
					}
					// about 97% of compounds have a professional property company
					Long company = compoundSeq % 33 == 7 ? null
							: compoundName.equals("财政小区") ? guoxin : (compoundSeq % 2 == 0 ? guoxin : jindi);
					if (company != null) {
						jdbc.update("insert into org_property_service (company_id, compound_id, since, city_id) "
								+ "values (?, ?, date '2022-01-01', ?)", company, compound, cityId);
					}
					long secretary = person(name(), phone(), compoundPath);
					role(secretary, Role.FIRST_SECRETARY, compound, null, null, null);
					for (int c = 0; c < 2; c++) {
						long cadre = person(name(), phone(), compoundPath);
						role(cadre, Role.SUNK_CADRE, compound, null, null, OFFICES[random.nextInt(OFFICES.length)]);
					}
					if (company != null) {
						long staff = person(name(), phone(), compoundPath);
						role(staff, Role.PROPERTY_STAFF, compound, null, company, null);
						if (compoundName.equals("财政小区")) {
							named.put("wy.guoxin", staff);
							named.put("sj.caizheng", secretary);
						}
					}
					int floors = 6 + (compoundSeq % 3) * 3;
					int perBuilding = 3 * floors * 2;
					int buildings = Math.max(2, Math.round((float) householdsPerCompound / perBuilding));
					long[] plan = new long[2 + buildings];
					plan[0] = compound;
					plan[1] = (long) buildings * perBuilding;
					for (int b = 1; b <= buildings; b++) {
						long building = insertNode(compound, "BUILDING", b + "号楼");
						plan[1 + b] = building;
						String buildingPath = compoundPath + building + "/";
						for (int u = 1; u <= 3; u++) {
							long unit = insertNode(building, "UNIT", u + "单元");
							String unitPath = buildingPath + unit + "/";
							List<Long> households = households(unit, floors, unitPath);
							// the owner of the top flat heads the unit; of the unit-1 second flat, the building
							long unitHead = firstOwner(households.getLast());
							role(unitHead, Role.UNIT_HEAD, unit, null, null, null);
							if (u == 1) {
								long buildingHead = firstOwner(households.get(1));
								role(buildingHead, Role.BUILDING_HEAD, building, null, null, null);
								if (compoundName.equals("财政小区") && b == 1) {
									named.put("ld.caizheng.1", buildingHead);
									named.put("jm.caizheng.101", firstOwner(households.getFirst()));
								}
								if (communityName.equals("新民社区") && k == 0 && b == 1) {
									named.put("jm.xinmin.101", firstOwner(households.getFirst()));
								}
							}
						}
					}
					gridPlan.add(plan);
					flush();
				}
				grids(community, communityName, communityPath, gridPlan, named);
				flush();
			}
		}
		long department = person("孙建设", phone(), cityPath);
		role(department, Role.CITY_DEPARTMENT, cityId, null, null, "市住建局");
		named.put("bm.zhujian", department);
		long volunteer = person("赵志愿", phone(), cityPath);
		role(volunteer, Role.VOLUNTEER, cityId, null, null, null);
		named.put("zy.001", volunteer);
		flush();
		if (partnerLiaison != null) {
			jdbc.update("insert into org_role_assignment (person_id, role, node_id, partner_unit_id, city_id) "
					+ "values (?, 'PARTNER_UNIT', ?, ?, ?)", partnerLiaison[0], partnerLiaison[1], partnerLiaison[2], cityId);
		}
		jdbc.update("""
				update org_person p set party_member = true
				 where p.city_id = ? and p.id in (select person_id from org_role_assignment where city_id = ? and role in
				       ('CITY_ADMIN', 'STREET_ADMIN', 'COMMUNITY_STAFF', 'FIRST_SECRETARY', 'SUNK_CADRE'))""", cityId, cityId);
		jdbc.update("""
				insert into org_party_member (party_org_id, person_id, city_id)
				select distinct on (ra.person_id) po.id, ra.person_id, po.city_id
				  from org_role_assignment ra join org_party_org po on po.node_id = ra.node_id and po.city_id = ra.city_id
				 where ra.city_id = ? and ra.role in ('FIRST_SECRETARY', 'SUNK_CADRE') and po.type = 'FUNCTIONAL_BRANCH'
				 order by ra.person_id, po.id""", cityId);
		jdbc.update("update org_person p set resident = true where p.city_id = ? and exists (select 1 from org_residency r where r.person_id = p.id and r.city_id = p.city_id)", cityId);
		named.forEach((account, personId) -> names.computeIfAbsent(account,
				k -> jdbc.queryForObject("select name from org_person where id = ?", String.class, personId)));
		return new DemoPeople(cityId, caizheng, named, names);
	}

	private List<Long> households(long unit, int floors, String unitPath) {
		List<Long> ids = reserveIds(floors * 2);
		List<Object[]> nodes = new ArrayList<>();
		List<Object[]> areas = new ArrayList<>();
		int i = 0;
		for (int floor = 1; floor <= floors; floor++) {
			for (int door = 1; door <= 2; door++) {
				long id = ids.get(i++);
				nodes.add(new Object[] { id, cityId, unit, "HOUSEHOLD", String.valueOf(floor * 100 + door),
						unitPath + id + "/" });
				BigDecimal area = BigDecimal.valueOf(5500 + random.nextInt(8000), 2).setScale(2, RoundingMode.UNNECESSARY);
				areas.add(new Object[] { id, cityId, area });
			}
		}
		jdbc.batchUpdate("insert into org_node (id, city_id, parent_id, type, name, path) values (?, ?, ?, ?, ?, ?)", nodes);
		jdbc.batchUpdate("insert into org_household (node_id, city_id, area_m2) values (?, ?, ?)", areas);
		for (long id : ids) {
			String home = unitPath + id + "/";
			int owners = random.nextInt(10) == 0 ? 2 : 1;
			for (int o = 0; o < owners; o++) {
				long owner = person(name(), phone(), home);
				residencyRows.add(new Object[] { owner, id, "OWNER", owners == 2 ? new BigDecimal("50") : new BigDecimal("100"),
						cityId });
			}
			int others = random.nextInt(3);
			for (int r = 0; r < others; r++) {
				residencyRows.add(new Object[] { person(name(), phone(), home), id,
						random.nextInt(8) == 0 ? "TENANT" : "RESIDENT", null, cityId });
			}
		}
		return ids;
	}

	private long firstOwner(long household) {
		return residencyRows.stream().filter(r -> (long) r[1] == household && "OWNER".equals(r[2]))
			.map(r -> (long) r[0]).findFirst().orElseThrow();
	}

	/** Whole compounds are grouped into grids of about 400-700 households (domain.md section 2). */
	private void grids(long community, String communityName, String communityPath, List<long[]> plans,
			Map<String, Long> named) {
		int gridNo = 0;
		long gridId = 0;
		long inGrid = Long.MAX_VALUE;
		for (long[] plan : plans) {
			if (inGrid >= 400) {
				gridNo++;
				gridId = jdbc.queryForObject("insert into org_grid (city_id, community_id, name) values (?, ?, ?) returning id",
						Long.class, cityId, community, "第" + gridNo + "网格");
				long head = person(name(), phone(), communityPath);
				flush();
				role(head, Role.GRID_HEAD, community, gridId, null, null);
				long worker = person(name(), phone(), communityPath);
				role(worker, Role.GRID_WORKER, community, gridId, null, null);
				if (communityName.equals("农场社区") && gridNo == 1) {
					named.put("wg.nongchang.1", head);
				}
				inGrid = 0;
			}
			for (int b = 2; b < plan.length; b++) {
				jdbc.update("insert into org_grid_building (grid_id, building_id, city_id) values (?, ?, ?)", gridId, plan[b],
						cityId);
			}
			inGrid += plan[1];
		}
	}

	private long insertNode(Long parent, String type, String name) {
		long id = reserveIds(1).getFirst();
		if (parent == null) {
			jdbc.update("insert into org_node (id, city_id, type, name, path) values (?, ?, ?, ?, ?)", id, id, type, name,
					"/" + id + "/");
		}
		else {
			jdbc.update("""
					insert into org_node (id, city_id, parent_id, type, name, path)
					select ?, city_id, id, ?, ?, path || ? || '/' from org_node where id = ?""", id, type, name,
					String.valueOf(id), parent);
		}
		return id;
	}

	private long party(Long parent, String type, String name, long node) {
		return jdbc.queryForObject("insert into org_party_org (city_id, parent_id, type, name, node_id) values (?, ?, ?, ?, ?) returning id",
				Long.class, cityId, parent, type, name, node);
	}

	private List<Long> reserveIds(int n) {
		return jdbc.queryForList("select nextval(pg_get_serial_sequence('org_node', 'id')) from generate_series(1, ?)",
				Long.class, n);
	}

	private final List<Long> personIdPool = new ArrayList<>();

	private long person(String name, String phone, String homePath) {
		if (personIdPool.isEmpty()) {
			personIdPool.addAll(jdbc.queryForList(
					"select nextval(pg_get_serial_sequence('org_person', 'id')) from generate_series(1, 2000)", Long.class));
		}
		long id = personIdPool.removeFirst();
		personRows.add(new Object[] { id, cityId, name, phone, homePath });
		return id;
	}

	private void role(long person, Role role, long node, Long grid, Long company, String origin) {
		roleRows.add(new Object[] { person, role.name(), node, grid, company, origin, cityId });
	}

	private void flush() {
		jdbc.batchUpdate("insert into org_person (id, city_id, name, phone, home_path) values (?, ?, ?, ?, ?)", personRows);
		jdbc.batchUpdate("insert into org_residency (person_id, household_id, relation, share_pct, city_id) "
				+ "values (?, ?, ?, ?, ?)", residencyRows);
		jdbc.batchUpdate("""
				insert into org_role_assignment (person_id, role, node_id, grid_id, property_company_id, origin_unit,
				  city_id)
				values (?, ?, ?, ?, ?, ?, ?)""", roleRows);
		personRows.clear();
		residencyRows.clear();
		roleRows.clear();
	}

	private String name() {
		String given = String.valueOf(GIVEN.charAt(random.nextInt(GIVEN.length())));
		if (random.nextBoolean()) {
			given += GIVEN.charAt(random.nextInt(GIVEN.length()));
		}
		return SURNAMES[random.nextInt(SURNAMES.length)] + given;
	}

	private String phone() {
		return "13" + (random.nextInt(10)) + String.format("%08d", random.nextInt(100_000_000));
	}

	private static String path(long... ids) {
		StringBuilder sb = new StringBuilder("/");
		for (long id : ids) {
			sb.append(id).append('/');
		}
		return sb.toString();
	}
}
