package org.xingfu.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.TestActors;
import org.xingfu.XingfuTest;
import org.xingfu.shared.NotFoundException;

/** Names and phones in full only for the roles that need them; masked for the others; invisible out of scope. */
@XingfuTest
class PersonalDataTests {

	@Autowired
	OrganizationDirectory directory;

	@Autowired
	JdbcClient jdbc;

	long room101() {
		return jdbc.sql("""
				select h.id from org_node h join org_node u on u.id = h.parent_id join org_node b on b.id = u.parent_id
				  join org_node c on c.id = b.parent_id
				 where c.name = '财政小区' and b.name = '1号楼' and u.name = '1单元' and h.name = '101'""")
			.query(Long.class).single();
	}

	@Test
	void communityStaffSeesFullPhonePropertyStaffMasked() {
		long id = room101();
		String phone = jdbc.sql("""
				select p.phone from org_person p join org_residency r on r.person_id = p.id
				 where r.household_id = ? and r.relation = 'OWNER' order by p.id limit 1""").param(id)
			.query(String.class).single();

		PersonView full = directory.household(TestActors.of(jdbc, directory, "sq.nongchang"), id).people().getFirst();
		assertThat(full.phone()).isEqualTo(phone);
		assertThat(full.masked()).isFalse();

		PersonView masked = directory.household(TestActors.of(jdbc, directory, "wy.guoxin"), id).people().getFirst();
		assertThat(masked.phone()).isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
		assertThat(masked.name()).endsWith("*");
		assertThat(masked.masked()).isTrue();

		// the owner sees their own household in full
		PersonView own = directory.household(TestActors.of(jdbc, directory, "jm.caizheng.101"), id).people().getFirst();
		assertThat(own.phone()).isEqualTo(phone);
	}

	@Test
	void peopleSearchStaysInsideTheScope() {
		var chaoyangStaff = TestActors.of(jdbc, directory, "sq.chaoyang");
		String owner = jdbc.sql("""
				select p.name from org_person p join org_residency r on r.person_id = p.id where r.household_id = ?
				 order by p.id limit 1""").param(room101()).query(String.class).single();
		assertThat(directory.searchPeople(chaoyangStaff, owner, 0, 50).items())
			.noneMatch(p -> p.address() != null && p.address().startsWith("财政小区"));
		assertThat(directory.searchPeople(TestActors.of(jdbc, directory, "sq.nongchang"), owner, 0, 50).items())
			.anyMatch(p -> p.address().startsWith("财政小区 1号楼 1单元 101"));
		assertThat(directory.searchPeople(TestActors.of(jdbc, directory, "zy.001"), "", 0, 50).total()).isZero();
		assertThatThrownBy(() -> directory.household(chaoyangStaff, room101())).isInstanceOf(NotFoundException.class);
	}
}
