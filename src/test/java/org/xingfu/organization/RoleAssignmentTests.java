package org.xingfu.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.TestActors;
import org.xingfu.XingfuTest;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;

@XingfuTest
class RoleAssignmentTests {

	@Autowired
	OrganizationManagement management;

	@Autowired
	OrganizationDirectory directory;

	@Autowired
	RoleTitles titles;

	@Autowired
	JdbcClient jdbc;

	long node(String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}

	@Test
	void communityStaffAppointsABuildingHeadWhoThenReachesTheBuilding() {
		Actor staff = TestActors.of(jdbc, directory, "sq.nongchang");
		long building = node("""
				select b.id from org_node b join org_node c on c.id = b.parent_id where c.name = '财政小区' and b.name = '2号楼'""");
		long assignment = management.assignRole(staff, building, Role.BUILDING_HEAD, "新楼栋长", "13912345678", null, null);
		long personId = node("select person_id from org_role_assignment where id = " + assignment);
		var grants = directory.grantsOf(personId);
		assertThat(grants).anyMatch(g -> g.role() == Role.BUILDING_HEAD && g.nodeId() == building);
		assertThat(directory.details(staff, building).roleHolders()).anyMatch(r -> r.name().equals("新楼栋长"));

		// the same person again is a conflict; a second role for a known phone reuses the person
		assertThatThrownBy(() -> management.assignRole(staff, building, Role.BUILDING_HEAD, "新楼栋长", "13912345678",
				null, null)).isInstanceOf(ConflictException.class);
		management.revokeRole(staff, assignment);
		assertThat(directory.grantsOf(personId)).noneMatch(g -> g.role() == Role.BUILDING_HEAD);
	}

	@Test
	void grantsNeedTheRightLevelAGridForGridRolesAndARoleAbove() {
		Actor staff = TestActors.of(jdbc, directory, "sq.nongchang");
		long nongchang = node("select id from org_node where name = '农场社区'");
		long chaoyang = node("select id from org_node where name = '朝阳社区'");
		long building = node("""
				select b.id from org_node b join org_node c on c.id = b.parent_id where c.name = '财政小区' and b.name = '1号楼'""");
		assertThatThrownBy(() -> management.assignRole(staff, building, Role.UNIT_HEAD, "甲", "13900000001", null, null))
			.isInstanceOf(ConflictException.class).hasMessage("org.error.roleLevel");
		assertThatThrownBy(() -> management.assignRole(staff, nongchang, Role.GRID_HEAD, "乙", "13900000002", null, null))
			.isInstanceOf(ConflictException.class).hasMessage("org.error.gridRequired");
		// staff do not appoint their own peers; that is the street's job
		assertThatThrownBy(() -> management.assignRole(staff, nongchang, Role.COMMUNITY_STAFF, "丙", "13900000003",
				null, null)).isInstanceOf(ForbiddenException.class);
		assertThatThrownBy(() -> management.assignRole(staff, chaoyang, Role.VOLUNTEER, "丁", "13900000004", null,
				null)).isInstanceOf(NotFoundException.class);
		long grid = node("select id from org_grid where community_id = " + nongchang + " order by id limit 1");
		long id = management.assignRole(staff, nongchang, Role.GRID_WORKER, "戊", "13900000005", grid, null);
		assertThat(directory.grantsOf(node("select person_id from org_role_assignment where id = " + id)))
			.singleElement().satisfies(g -> assertThat(g.scopePaths()).isNotEmpty());
	}

	@Test
	void aCityRenamesTheThreeHeads() {
		Actor admin = TestActors.of(jdbc, directory, "admin");
		LocaleContextHolder.setLocale(java.util.Locale.SIMPLIFIED_CHINESE);
		try {
			management.renameRole(admin, Role.BUILDING_HEAD, "楼长", "Block head");
			assertThat(titles.title(Role.BUILDING_HEAD)).isEqualTo("楼长");
			assertThatThrownBy(() -> management.renameRole(TestActors.of(jdbc, directory, "sq.nongchang"),
					Role.BUILDING_HEAD, "x", "x")).isInstanceOf(ForbiddenException.class);
		}
		finally {
			management.renameRole(admin, Role.BUILDING_HEAD, "楼栋长", "Building head");
		}
		assertThat(titles.title(Role.BUILDING_HEAD)).isEqualTo("楼栋长");
		LocaleContextHolder.resetLocaleContext();
	}

	@Test
	void householdsAreFoundByAddressWithinScope() {
		Actor staff = TestActors.of(jdbc, directory, "sq.nongchang");
		var found = directory.searchHouseholds(staff, "财政 1号楼 1单元 101", 0, 20);
		assertThat(found.items()).singleElement().satisfies(h -> assertThat(h.address()).isEqualTo("财政小区 1号楼 1单元 101"));
		assertThat(directory.searchHouseholds(TestActors.of(jdbc, directory, "sq.chaoyang"), "财政 1号楼 1单元 101", 0, 20)
			.total()).isZero();
		assertThat(directory.searchHouseholds(staff, "101", 0, 20).total()).isGreaterThan(1);
	}
}
